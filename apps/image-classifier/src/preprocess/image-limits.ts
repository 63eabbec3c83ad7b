/** Size limits that an uploaded image must pass before it is decoded. */
export interface ImageLimits {
  /** Maximum encoded size in bytes. */
  maxBytes: number;
  /** Maximum width in pixels, read from the image header. */
  maxWidth: number;
  /** Maximum height in pixels, read from the image header. */
  maxHeight: number;
  /** Maximum width × height, read from the image header and also given to sharp as `limitInputPixels`. */
  maxPixels: number;
}

/**
 * Default limits: 5 MiB, 4096 × 4096 pixels.
 *
 * The header check keeps a small file that claims huge dimensions (a decompression bomb) from being decoded.
 * A digit needs far fewer pixels, because it ends up as 28 × 28.
 */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxWidth: 4096,
  maxHeight: 4096,
  maxPixels: 4096 * 4096,
};
