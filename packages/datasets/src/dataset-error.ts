/**
 * Error raised when a dataset file or package is missing, malformed or inconsistent.
 *
 * `code` is stable and safe to match on. The message names the file, what was expected and what was
 * found. This package defines its own error instead of importing `EssenceError` from `@essence/core`,
 * so it has no dependency on the core.
 */
export class DatasetError extends Error {
  readonly code: DatasetErrorCode;

  constructor(code: DatasetErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Stable codes a `DatasetError` carries. */
export type DatasetErrorCode =
  /** The file does not exist or cannot be read. */
  | 'FILE_NOT_READABLE'
  /** The file starts with the gzip magic bytes but does not decompress. */
  | 'GZIP_INVALID'
  /** The IDX magic number is wrong: not an IDX file, or an unknown data type. */
  | 'IDX_BAD_MAGIC'
  /** The IDX header or data ends before the size the header declares. */
  | 'IDX_TRUNCATED'
  /** The IDX data is longer than the dimensions declare, or the dimensions are invalid. */
  | 'IDX_SIZE_MISMATCH'
  /** An IDX file parses but does not have the shape, type or values a dataset loader requires. */
  | 'DATASET_INVALID'
  /** Images and labels of one dataset disagree, e.g. in their example counts. */
  | 'DATASET_MISMATCH';
