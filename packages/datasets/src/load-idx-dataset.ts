import { basename } from 'node:path';

import { DatasetError } from './dataset-error.js';
import type { LoadedDataset } from './loaded-dataset.js';
import { readIdxFile } from './read-idx-file.js';
import type { IdxArray } from './read-idx.js';

/** Options of `loadIdxDataset`. */
export interface LoadIdxDatasetOptions {
  /** IDX file of u8 images shaped `[count, rows, cols]` or `[count, rows, cols, channels]`, plain or gzip. */
  readonly imagesPath: string;
  /** IDX file of integer labels shaped `[count]`, plain or gzip. */
  readonly labelsPath: string;
  /**
   * Class names indexed by label, so every label must be below their count. Defaults to `'0'`, `'1'`, ...
   * up to the largest label found.
   */
  readonly classNames?: readonly string[];
  /** Dataset name. Defaults to the images file name without `.gz` and `-idx3-ubyte`. */
  readonly name?: string;
  /** Provenance line. Defaults to the two file paths. */
  readonly source?: string;
}

const INTEGER_LABEL_TYPES: ReadonlySet<IdxArray['dataType']> = new Set(['uint8', 'int8', 'int16', 'int32']);
const MAX_PIXEL = 255;

/**
 * Loads an image classification dataset from a pair of IDX files, such as the full MNIST or
 * Fashion-MNIST downloads, scaling u8 pixels to [0, 1].
 *
 * A 3-D image file gives examples shaped `[rows, cols, 1]`, and a 4-D file keeps its channel count.
 *
 * @throws DatasetError `DATASET_MISMATCH` when the image and label counts differ.
 * @throws DatasetError `DATASET_INVALID` when the images are not u8 with 3 or 4 dimensions, the labels are
 *   not 1-D integers, or a label is negative or has no class name.
 * @throws DatasetError with the codes of `readIdxFile` when a file is unreadable or malformed.
 */
export async function loadIdxDataset(options: LoadIdxDatasetOptions): Promise<LoadedDataset> {
  const { imagesPath, labelsPath } = options;
  const [images, labels] = await Promise.all([readIdxFile(imagesPath), readIdxFile(labelsPath)]);

  const exampleShape = checkImages(images, imagesPath);
  checkLabels(labels, labelsPath);
  const size = images.shape[0] ?? 0;
  const labelCount = labels.shape[0] ?? 0;
  if (labelCount !== size) {
    throw new DatasetError(
      'DATASET_MISMATCH',
      `image and label counts differ: ${imagesPath} contains ${size} images but ${labelsPath} contains ${labelCount} labels; ` +
        'expected one label per image. Check that both files come from the same split (train or test).',
    );
  }

  const y = Int32Array.from(labels.data);
  const classNames = resolveClassNames(y, options.classNames, labelsPath);
  const x = scalePixels(images.data);

  return {
    x,
    y,
    size,
    exampleShape,
    numClasses: classNames.length,
    classNames,
    name: options.name ?? defaultName(imagesPath),
    source: options.source ?? `IDX files ${imagesPath} and ${labelsPath}`,
  };
}

function checkImages(images: IdxArray, path: string): number[] {
  const [, rows, cols, channels] = images.shape;
  if (images.dataType !== 'uint8' || rows === undefined || cols === undefined || images.shape.length > 4) {
    throw new DatasetError(
      'DATASET_INVALID',
      `${path}: expected u8 images shaped [count, rows, cols] or [count, rows, cols, channels]; ` +
        `found ${images.dataType} shaped [${images.shape.join(', ')}]. Check that imagesPath names the images file, not the labels.`,
    );
  }
  return [rows, cols, channels ?? 1];
}

function checkLabels(labels: IdxArray, path: string): void {
  if (!INTEGER_LABEL_TYPES.has(labels.dataType) || labels.shape.length !== 1) {
    throw new DatasetError(
      'DATASET_INVALID',
      `${path}: expected integer labels shaped [count]; found ${labels.dataType} shaped [${labels.shape.join(', ')}]. ` +
        'Check that labelsPath names the labels file, not the images.',
    );
  }
}

function resolveClassNames(y: Int32Array, classNames: readonly string[] | undefined, path: string): string[] {
  let maxLabel = -1;
  for (const label of y) {
    if (label < 0) {
      throw new DatasetError('DATASET_INVALID', `${path}: labels must be non-negative class indices; found ${label}.`);
    }
    maxLabel = Math.max(maxLabel, label);
  }

  if (classNames === undefined) {
    return Array.from({ length: maxLabel + 1 }, (_, label) => String(label));
  }
  if (maxLabel >= classNames.length) {
    throw new DatasetError(
      'DATASET_INVALID',
      `${path}: label ${maxLabel} has no class name; ${classNames.length} class names were given ` +
        `(${classNames.join(', ')}). Pass one name per class, indexed by label.`,
    );
  }
  return [...classNames];
}

function scalePixels(pixels: IdxArray['data']): Float32Array {
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    x[i] = (pixels[i] ?? 0) / MAX_PIXEL;
  }
  return x;
}

function defaultName(imagesPath: string): string {
  return basename(imagesPath).replace(/\.gz$/, '').replace(/-idx\d-ubyte$/, '');
}
