/** Grayscale image, row-major, `data.length === width * height`, values in 0..1 (0 is black). */
export interface GrayImage {
  width: number;
  height: number;
  data: Float32Array;
}
