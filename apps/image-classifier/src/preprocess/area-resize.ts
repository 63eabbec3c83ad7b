import type { GrayImage } from './gray-image.js';

/** Source pixels that one output pixel averages, with their weights (summing to 1). */
interface AxisTaps {
  indices: number[];
  weights: number[];
}

/**
 * Resizes a grayscale image by area averaging: each output pixel is the mean of the source area it covers,
 * with partial source pixels weighted by their overlap.
 *
 * Downscaling this way keeps the mean intensity, so thin strokes turn grey instead of vanishing, much like the
 * anti-aliased grey levels of MNIST. When enlarging, it repeats source pixels with blended edges.
 * @throws {RangeError} when a target side is not a positive integer.
 */
export function resizeArea(image: GrayImage, width: number, height: number): GrayImage {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`resizeArea target must be positive integers; got ${width}x${height}`);
  }

  const columnTaps = axisTaps(image.width, width);
  const rowTaps = axisTaps(image.height, height);

  const rows = new Float32Array(width * image.height);
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      rows[y * width + x] = applyTaps(columnTaps[x], (index) => image.data[y * image.width + index] ?? 0);
    }
  }

  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      data[y * width + x] = applyTaps(rowTaps[y], (index) => rows[index * width + x] ?? 0);
    }
  }
  return { width, height, data };
}

/** Returns, for each output index, the source indices it covers and their overlap weights. */
function axisTaps(sourceLength: number, targetLength: number): AxisTaps[] {
  const scale = sourceLength / targetLength;
  const taps: AxisTaps[] = [];
  for (let target = 0; target < targetLength; target += 1) {
    const start = target * scale;
    const end = start + scale;
    const indices: number[] = [];
    const weights: number[] = [];
    for (let source = Math.floor(start); source < Math.min(Math.ceil(end), sourceLength); source += 1) {
      const overlap = Math.min(end, source + 1) - Math.max(start, source);
      if (overlap > 0) {
        indices.push(source);
        weights.push(overlap / scale);
      }
    }
    taps.push({ indices, weights });
  }
  return taps;
}

function applyTaps(taps: AxisTaps | undefined, valueAt: (index: number) => number): number {
  if (taps === undefined) {
    return 0;
  }
  let sum = 0;
  for (let k = 0; k < taps.indices.length; k += 1) {
    sum += (taps.weights[k] ?? 0) * valueAt(taps.indices[k] ?? 0);
  }
  return sum;
}
