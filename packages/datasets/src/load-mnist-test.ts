import { fileURLToPath } from 'node:url';

import { DatasetError } from './dataset-error.js';
import { loadIdxDataset } from './load-idx-dataset.js';
import type { LoadedDataset } from './loaded-dataset.js';
import { MNIST_ATTRIBUTION, MNIST_CLASS_NAMES, MNIST_IMAGE_SIZE } from './mnist-constants.js';

const MNIST_TEST_SIZE = 10_000;

// Both src/ and dist/ sit one level below the package root, so this resolves from either.
const IMAGES_PATH = fileURLToPath(new URL('../data/mnist/t10k-images-idx3-ubyte.gz', import.meta.url));
const LABELS_PATH = fileURLToPath(new URL('../data/mnist/t10k-labels-idx1-ubyte.gz', import.meta.url));

/**
 * Loads the official 10,000-image MNIST test set bundled in `data/mnist`, pixels scaled to [0, 1].
 *
 * Examples are shaped `[28, 28, 1]` and keep the file order, whose first labels are 7, 2, 1, 0, 4.
 * None of these images is in the training set of `loadMnistTrain`.
 *
 * @throws DatasetError when a bundled file is missing or corrupt, or does not contain 10,000 28×28 images.
 */
export async function loadMnistTest(): Promise<LoadedDataset> {
  const dataset = await loadIdxDataset({
    imagesPath: IMAGES_PATH,
    labelsPath: LABELS_PATH,
    classNames: MNIST_CLASS_NAMES,
    name: 'mnist-test',
    source: `official MNIST test set (t10k IDX files bundled in @essence/datasets/data/mnist); ${MNIST_ATTRIBUTION}`,
  });

  const [rows, cols, channels] = dataset.exampleShape;
  if (dataset.size !== MNIST_TEST_SIZE || rows !== MNIST_IMAGE_SIZE || cols !== MNIST_IMAGE_SIZE || channels !== 1) {
    throw new DatasetError(
      'DATASET_INVALID',
      `${IMAGES_PATH}: expected ${MNIST_TEST_SIZE} images of [28, 28, 1]; found ${dataset.size} of ` +
        `[${dataset.exampleShape.join(', ')}]. Restore the bundled file from the repository.`,
    );
  }
  return dataset;
}
