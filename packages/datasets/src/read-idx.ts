import { DatasetError } from './dataset-error.js';

/** Element type of an IDX file, named after the matching typed array. */
export type IdxDataType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** Typed array for the data of an IDX file, one per `IdxDataType`. */
export type IdxTypedArray = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** Contents of an IDX file: its element type, its dimensions and its data in row-major order. */
export interface IdxArray {
  readonly dataType: IdxDataType;
  /** Dimensions from the header, outermost first, e.g. `[10000, 28, 28]` for MNIST images. */
  readonly shape: readonly number[];
  /** Elements in row-major order, as many as the product of `shape`, converted from big-endian to native values. */
  readonly data: IdxTypedArray;
}

/** Options of `readIdx`. */
export interface ReadIdxOptions {
  /** Name of the file or buffer that error messages start with. Defaults to `'IDX buffer'`. */
  readonly sourceName?: string;
}

interface IdxTypeInfo {
  readonly dataType: IdxDataType;
  readonly byteSize: number;
}

// IDX data type codes, stored in the third byte of the magic number.
const IDX_TYPES: ReadonlyMap<number, IdxTypeInfo> = new Map([
  [0x08, { dataType: 'uint8', byteSize: 1 }],
  [0x09, { dataType: 'int8', byteSize: 1 }],
  [0x0b, { dataType: 'int16', byteSize: 2 }],
  [0x0c, { dataType: 'int32', byteSize: 4 }],
  [0x0d, { dataType: 'float32', byteSize: 4 }],
  [0x0e, { dataType: 'float64', byteSize: 8 }],
]);

const MAGIC_BYTES = 4;
const DIMENSION_BYTES = 4;

/**
 * Parses an uncompressed IDX file: a 4-byte magic number (two zero bytes, the data type code, the
 * number of dimensions), one big-endian u32 per dimension, then the data in big-endian row-major order.
 *
 * Supports every IDX type: u8 (0x08), i8 (0x09), i16 (0x0B), i32 (0x0C), f32 (0x0D), f64 (0x0E).
 * The returned `data` is a copy, so it stays valid when `bytes` is reused.
 *
 * @throws DatasetError `IDX_BAD_MAGIC` when the first two bytes are not zero or the type code is unknown.
 * @throws DatasetError `IDX_TRUNCATED` when the header or data ends early.
 * @throws DatasetError `IDX_SIZE_MISMATCH` when there are no dimensions, the element count is not a safe
 *   integer, or bytes follow the declared data.
 */
export function readIdx(bytes: Uint8Array, options: ReadIdxOptions = {}): IdxArray {
  const sourceName = options.sourceName ?? 'IDX buffer';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  const { typeInfo, dimensionCount } = readMagic(view, sourceName);
  const shape = readShape(view, dimensionCount, sourceName);
  const elementCount = countElements(shape, sourceName);

  const dataOffset = MAGIC_BYTES + DIMENSION_BYTES * dimensionCount;
  checkDataLength(view, dataOffset, elementCount * typeInfo.byteSize, shape, typeInfo, sourceName);

  const data = decodeData(view, dataOffset, elementCount, typeInfo.dataType);
  return { dataType: typeInfo.dataType, shape, data };
}

function readMagic(view: DataView, sourceName: string): { typeInfo: IdxTypeInfo; dimensionCount: number } {
  if (view.byteLength < MAGIC_BYTES) {
    throw new DatasetError(
      'IDX_TRUNCATED',
      `${sourceName}: IDX header is truncated; expected a ${MAGIC_BYTES}-byte magic number, found ${view.byteLength} bytes. ` +
        'Check that the file was downloaded completely.',
    );
  }

  const magic = view.getUint32(0, false);
  const hexMagic = `0x${magic.toString(16).padStart(8, '0')}`;
  if (view.getUint8(0) !== 0 || view.getUint8(1) !== 0) {
    throw new DatasetError(
      'IDX_BAD_MAGIC',
      `${sourceName}: not an IDX file; expected a magic number starting with two zero bytes (e.g. 0x00000803 ` +
        `for u8 images), found ${hexMagic}. If the file is compressed with something other than gzip, decompress it first.`,
    );
  }

  const typeCode = view.getUint8(2);
  const typeInfo = IDX_TYPES.get(typeCode);
  if (typeInfo === undefined) {
    const known = [...IDX_TYPES].map(([code, info]) => `0x${code.toString(16).padStart(2, '0')} ${info.dataType}`);
    throw new DatasetError(
      'IDX_BAD_MAGIC',
      `${sourceName}: unknown IDX data type code 0x${typeCode.toString(16).padStart(2, '0')} in magic ${hexMagic}; ` +
        `expected one of ${known.join(', ')}.`,
    );
  }

  return { typeInfo, dimensionCount: view.getUint8(3) };
}

function readShape(view: DataView, dimensionCount: number, sourceName: string): number[] {
  if (dimensionCount === 0) {
    throw new DatasetError(
      'IDX_SIZE_MISMATCH',
      `${sourceName}: IDX header declares 0 dimensions; expected at least 1 (the example count).`,
    );
  }

  const headerBytes = MAGIC_BYTES + DIMENSION_BYTES * dimensionCount;
  if (view.byteLength < headerBytes) {
    throw new DatasetError(
      'IDX_TRUNCATED',
      `${sourceName}: IDX header is truncated; ${dimensionCount} dimensions need ${headerBytes} header bytes, ` +
        `found ${view.byteLength} bytes.`,
    );
  }

  const shape: number[] = [];
  for (let d = 0; d < dimensionCount; d++) {
    shape.push(view.getUint32(MAGIC_BYTES + DIMENSION_BYTES * d, false));
  }
  return shape;
}

function countElements(shape: readonly number[], sourceName: string): number {
  const count = shape.reduce((product, size) => product * size, 1);
  if (!Number.isSafeInteger(count)) {
    throw new DatasetError(
      'IDX_SIZE_MISMATCH',
      `${sourceName}: IDX dimensions [${shape.join(', ')}] describe ${count} elements, more than can be addressed; ` +
        'the header is probably corrupt.',
    );
  }
  return count;
}

function checkDataLength(
  view: DataView,
  dataOffset: number,
  expectedBytes: number,
  shape: readonly number[],
  typeInfo: IdxTypeInfo,
  sourceName: string,
): void {
  const foundBytes = view.byteLength - dataOffset;
  if (foundBytes === expectedBytes) {
    return;
  }

  const elementType = `${typeInfo.dataType} (${typeInfo.byteSize} bytes each)`;
  const declared = `dimensions [${shape.join(', ')}] of ${elementType} need ${expectedBytes} data bytes`;
  if (foundBytes < expectedBytes) {
    throw new DatasetError(
      'IDX_TRUNCATED',
      `${sourceName}: IDX data is truncated; ${declared}, found ${foundBytes}. Check that the file was downloaded completely.`,
    );
  }
  throw new DatasetError(
    'IDX_SIZE_MISMATCH',
    `${sourceName}: IDX data is longer than its header declares; ${declared}, found ${foundBytes} ` +
      `(${foundBytes - expectedBytes} extra). The header dimensions do not match the data.`,
  );
}

function decodeData(view: DataView, offset: number, count: number, dataType: IdxDataType): IdxTypedArray {
  switch (dataType) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + count));
    case 'int16':
      return decodeMultiByte(new Int16Array(count), 2, (at) => view.getInt16(offset + at, false));
    case 'int32':
      return decodeMultiByte(new Int32Array(count), 4, (at) => view.getInt32(offset + at, false));
    case 'float32':
      return decodeMultiByte(new Float32Array(count), 4, (at) => view.getFloat32(offset + at, false));
    case 'float64':
      return decodeMultiByte(new Float64Array(count), 8, (at) => view.getFloat64(offset + at, false));
  }
}

function decodeMultiByte<T extends Int16Array | Int32Array | Float32Array | Float64Array>(
  target: T,
  byteSize: number,
  readAt: (byteOffset: number) => number,
): T {
  for (let i = 0; i < target.length; i++) {
    target[i] = readAt(i * byteSize);
  }
  return target;
}
