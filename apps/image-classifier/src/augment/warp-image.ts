/** Height and width in pixels of a single-channel, row-major image. */
export interface ImageSize {
  readonly height: number;
  readonly width: number;
}

/** Rotation about the image centre followed by a translation, in pixel units. */
export interface ImageTransform {
  /**
   * Rotation angle in radians. In (column, row) coordinates a point at offset (u, v) from the centre moves
   * to (u cos a - v sin a, u sin a + v cos a), which is clockwise on screen because rows grow downwards.
   */
  readonly angle: number;
  /** Shift along columns; positive moves the content right. */
  readonly shiftX: number;
  /** Shift along rows; positive moves the content down. */
  readonly shiftY: number;
}

/**
 * Writes into `target` the `source` image rotated about its centre and then shifted, sampling the source
 * bilinearly and filling pixels that map outside it with 0.
 *
 * Each output pixel is a convex combination of source pixels and zeros, so it stays within
 * [min(0, source min), max(0, source max)]. `source` and `target` must be distinct arrays of
 * `height * width` values.
 */
export function warpImage(
  source: Float32Array,
  target: Float32Array,
  size: ImageSize,
  transform: ImageTransform,
): void {
  const { height, width } = size;
  const cos = Math.cos(transform.angle);
  const sin = Math.sin(transform.angle);
  const centreX = (width - 1) / 2;
  const centreY = (height - 1) / 2;

  for (let row = 0; row < height; row++) {
    const offsetY = row - transform.shiftY - centreY;
    for (let col = 0; col < width; col++) {
      const offsetX = col - transform.shiftX - centreX;
      // Inverse mapping: undo the shift, then rotate by -angle, to find where this output pixel comes from.
      const sourceX = cos * offsetX + sin * offsetY + centreX;
      const sourceY = -sin * offsetX + cos * offsetY + centreY;
      target[row * width + col] = sampleBilinear(source, size, sourceX, sourceY);
    }
  }
}

function sampleBilinear(source: Float32Array, size: ImageSize, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < -1 || y0 < -1 || x0 >= size.width || y0 >= size.height) {
    return 0;
  }

  const fractionX = x - x0;
  const fractionY = y - y0;
  const top = (1 - fractionX) * pixelAt(source, size, y0, x0) + fractionX * pixelAt(source, size, y0, x0 + 1);
  const bottom =
    (1 - fractionX) * pixelAt(source, size, y0 + 1, x0) + fractionX * pixelAt(source, size, y0 + 1, x0 + 1);
  return (1 - fractionY) * top + fractionY * bottom;
}

function pixelAt(source: Float32Array, size: ImageSize, row: number, col: number): number {
  if (row < 0 || col < 0 || row >= size.height || col >= size.width) {
    return 0;
  }
  return source[row * size.width + col] ?? 0;
}
