/** Side length in pixels of an MNIST image. */
export const MNIST_IMAGE_SIZE = 28;

/** Pixels per MNIST image (28 × 28, one channel). */
export const MNIST_PIXELS = MNIST_IMAGE_SIZE * MNIST_IMAGE_SIZE;

/** Class names of MNIST, indexed by label. */
export const MNIST_CLASS_NAMES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Attribution and licence of the MNIST database, quoted in every MNIST dataset's `source`. */
export const MNIST_ATTRIBUTION =
  'MNIST database by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, licensed CC BY-SA 3.0';
