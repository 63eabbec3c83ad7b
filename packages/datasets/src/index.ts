export { DatasetError, type DatasetErrorCode } from './dataset-error.js';
export { readIdx, type IdxArray, type IdxDataType, type IdxTypedArray, type ReadIdxOptions } from './read-idx.js';
export { isGzip, readIdxFile } from './read-idx-file.js';
export type { LoadedDataset } from './loaded-dataset.js';
export { loadIdxDataset, type LoadIdxDatasetOptions } from './load-idx-dataset.js';
export { loadMnistTrain } from './load-mnist-train.js';
export { loadMnistTest } from './load-mnist-test.js';
export { MNIST_ATTRIBUTION, MNIST_CLASS_NAMES, MNIST_IMAGE_SIZE, MNIST_PIXELS } from './mnist-constants.js';
