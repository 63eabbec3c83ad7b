import type { GrayImage } from './gray-image.js';

/** Point in pixel-index coordinates: pixel (x, y) has its centre at (x, y). */
export interface Point {
  x: number;
  y: number;
}

/** Returns the intensity-weighted centre of an image, or undefined when all pixels are 0. */
export function centreOfMass(image: GrayImage): Point | undefined {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  for (let y = 0; y < image.height; y += 1) {
    for (let x = 0; x < image.width; x += 1) {
      const value = image.data[y * image.width + x] ?? 0;
      mass += value;
      sumX += value * x;
      sumY += value * y;
    }
  }
  if (mass <= 0) {
    return undefined;
  }
  return { x: sumX / mass, y: sumY / mass };
}

/**
 * Pastes `patch` into a blank `size` × `size` canvas, shifted by whole pixels so that its centre of mass lands
 * as close as possible to `centre`, which leaves it at most 0.5 px away on each axis.
 *
 * Whole-pixel shifts keep the strokes sharp. Patch pixels that the shift pushes past the canvas edge are dropped.
 */
export function placeByCentreOfMass(patch: GrayImage, size: number, centre: Point): GrayImage {
  const data = new Float32Array(size * size);
  const mass = centreOfMass(patch);
  if (mass === undefined) {
    return { width: size, height: size, data };
  }

  const offsetX = Math.round(centre.x - mass.x);
  const offsetY = Math.round(centre.y - mass.y);
  for (let y = 0; y < patch.height; y += 1) {
    const targetY = y + offsetY;
    if (targetY < 0 || targetY >= size) {
      continue;
    }
    for (let x = 0; x < patch.width; x += 1) {
      const targetX = x + offsetX;
      if (targetX >= 0 && targetX < size) {
        data[targetY * size + targetX] = patch.data[y * patch.width + x] ?? 0;
      }
    }
  }
  return { width: size, height: size, data };
}
