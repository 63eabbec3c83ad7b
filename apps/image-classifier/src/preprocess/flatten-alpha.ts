import type { RgbaImage } from './decode-image.js';
import type { GrayImage } from './gray-image.js';

/** Background that transparent pixels are composited onto: `none` when the image is fully opaque. */
export type AlphaBackground = 'none' | 'white' | 'black';

/** Chosen background and why. */
export interface AlphaBackgroundDecision {
  decision: AlphaBackground;
  reason: string;
  /** Alpha-weighted mean luma of the visible pixels, 0..1; NaN when no pixel is visible. */
  visibleLuma: number;
}

/**
 * Chooses the background for the transparent pixels of an image: white, unless the visible content is light.
 *
 * A digit drawn on a transparent canvas has colour only where the ink is. Dark ink needs a white background and
 * light ink a black one, or the digit would vanish after compositing.
 */
export function decideAlphaBackground(image: RgbaImage): AlphaBackgroundDecision {
  let weightedLuma = 0;
  let totalAlpha = 0;
  let translucent = 0;
  for (let offset = 0; offset < image.data.length; offset += 4) {
    const alpha = (image.data[offset + 3] ?? 255) / 255;
    if (alpha < 1) {
      translucent += 1;
    }
    weightedLuma += alpha * lumaAt(image.data, offset);
    totalAlpha += alpha;
  }

  const visibleLuma = totalAlpha > 0 ? weightedLuma / totalAlpha : Number.NaN;
  if (translucent === 0) {
    return { decision: 'none', reason: 'the image is fully opaque', visibleLuma };
  }
  if (totalAlpha === 0) {
    return { decision: 'white', reason: 'the image is fully transparent', visibleLuma };
  }
  if (visibleLuma > 0.5) {
    return {
      decision: 'black',
      reason: `the visible pixels are light (mean luma ${visibleLuma.toFixed(2)} > 0.5), so light ink on black`,
      visibleLuma,
    };
  }
  return {
    decision: 'white',
    reason: `the visible pixels are dark (mean luma ${visibleLuma.toFixed(2)} <= 0.5), so dark ink on white`,
    visibleLuma,
  };
}

/** Composites an RGBA image onto a background and converts it to grayscale luma in 0..1. */
export function toGrayImage(image: RgbaImage, background: AlphaBackground): GrayImage {
  const backgroundLuma = background === 'black' ? 0 : 1;
  const data = new Float32Array(image.width * image.height);
  for (let index = 0; index < data.length; index += 1) {
    const offset = index * 4;
    const alpha = background === 'none' ? 1 : (image.data[offset + 3] ?? 255) / 255;
    data[index] = alpha * lumaAt(image.data, offset) + (1 - alpha) * backgroundLuma;
  }
  return { width: image.width, height: image.height, data };
}

/** Returns the ITU-R BT.601 luma (the weights JPEG uses for Y) of one 8-bit sRGB pixel, in 0..1. */
function lumaAt(data: Uint8Array, offset: number): number {
  const red = data[offset] ?? 0;
  const green = data[offset + 1] ?? 0;
  const blue = data[offset + 2] ?? 0;
  return (0.299 * red + 0.587 * green + 0.114 * blue) / 255;
}
