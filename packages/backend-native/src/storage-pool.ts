import type { BackendValues } from '@tensorflow/tfjs-core';

/** Options of {@link StoragePool}. */
export interface StoragePoolOptions {
  /** Shortest array, in elements, that the pool recycles (default 16,384). Shorter arrays are cheap to allocate. */
  readonly minLength?: number;
  /** Maximum bytes of free arrays kept for reuse (default 256 MiB). Arrays released beyond it are left to the GC. */
  readonly maxFreeBytes?: number;
}

/** Counters of a {@link StoragePool}. */
export interface StoragePoolStats {
  /** Arrays handed out again after a release. */
  readonly reused: number;
  /** Arrays allocated because no free one of that length existed. */
  readonly allocated: number;
  /** Bytes of free arrays waiting for reuse. */
  readonly freeBytes: number;
}

/** Bookkeeping of one array the pool allocated. */
interface PooledArray {
  readonly array: Float32Array;
  /** Tensor data entries (dataIds) that store the array. */
  holders: number;
  /** True once code outside the backend's data map may reference the array, which is then never reused. */
  pinned: boolean;
  free: boolean;
}

const DEFAULT_MIN_LENGTH = 16_384;
const DEFAULT_MAX_FREE_BYTES = 256 * 1024 * 1024;

/**
 * Recycles the Float32Array storage of disposed kernel outputs, so training reuses the same arrays every step
 * instead of allocating new ones. In Node.js each new large typed array is zero-filled off-heap memory whose fresh
 * pages fault in on first write, and V8 counts it as external memory. `node --trace-gc` showed about two full
 * garbage collections per MNIST CNN training step (about 130 MiB of outputs) for "external memory pressure".
 *
 * The backend reports every array it stores ({@link noteStored}), every data entry it deletes
 * ({@link noteReleased}) and every array it hands out to code outside the backend ({@link pin}). An array
 * becomes free for reuse only when no data entry stores it any more and it was never pinned. A view of part of
 * a pooled array (the cpu Slice kernel returns subarrays) pins the whole array, because the view can outlive it.
 *
 * NOTE: code that reads `backend.data.get(dataId).values` directly and keeps the array after the tensor is
 * disposed sees it overwritten once the pool reuses it. tfjs reads data through `readSync`, which pins.
 */
export class StoragePool {
  private readonly minLength: number;
  private readonly maxFreeBytes: number;
  private readonly pooled = new WeakMap<ArrayBufferLike, PooledArray>();
  private readonly freeByLength = new Map<number, PooledArray[]>();
  private freeBytes = 0;
  private reused = 0;
  private allocated = 0;

  /** Creates an empty pool. */
  constructor(options: StoragePoolOptions = {}) {
    this.minLength = options.minLength ?? DEFAULT_MIN_LENGTH;
    this.maxFreeBytes = options.maxFreeBytes ?? DEFAULT_MAX_FREE_BYTES;
  }

  /**
   * Returns a zero-filled Float32Array of `length` elements: a free pooled array when one of that length exists,
   * else a new one, which the pool tracks when it is at least `minLength` long.
   */
  take(length: number): Float32Array {
    if (length < this.minLength) return new Float32Array(length);

    const entry = this.freeByLength.get(length)?.pop();
    if (entry !== undefined) {
      entry.free = false;
      this.freeBytes -= entry.array.byteLength;
      this.reused++;
      entry.array.fill(0);
      return entry.array;
    }

    const array = new Float32Array(length);
    this.pooled.set(array.buffer, { array, holders: 0, pinned: false, free: false });
    this.allocated++;
    return array;
  }

  /** Records that a data entry now stores `values`. A partial view or another view of a pooled array pins it. */
  noteStored(values: BackendValues | undefined): void {
    const entry = this.entryOf(values);
    if (entry === undefined) return;

    // A free array stored again was kept by someone after its release, so that reference must stay valid.
    if (entry.free) {
      this.removeFree(entry);
      entry.pinned = true;
      return;
    }
    if (values === entry.array) {
      entry.holders++;
    } else {
      entry.pinned = true;
    }
  }

  /** Records that a data entry storing `values` was deleted, and frees the array when nothing else stores it. */
  noteReleased(values: BackendValues | undefined): void {
    const entry = this.entryOf(values);
    if (entry === undefined || values !== entry.array) return;

    entry.holders = Math.max(0, entry.holders - 1);
    if (entry.holders > 0 || entry.pinned || entry.free) return;
    if (this.freeBytes + entry.array.byteLength > this.maxFreeBytes) return;

    entry.free = true;
    this.freeBytes += entry.array.byteLength;
    const list = this.freeByLength.get(entry.array.length);
    if (list === undefined) {
      this.freeByLength.set(entry.array.length, [entry]);
    } else {
      list.push(entry);
    }
  }

  /** Marks the pooled array behind `values` as visible outside the backend, so it is never reused. */
  pin(values: BackendValues | undefined): void {
    const entry = this.entryOf(values);
    if (entry === undefined) return;

    if (entry.free) this.removeFree(entry);
    entry.pinned = true;
  }

  /** Drops every free array, leaving them to the garbage collector. */
  clear(): void {
    for (const list of this.freeByLength.values()) {
      for (const entry of list) entry.free = false;
    }
    this.freeByLength.clear();
    this.freeBytes = 0;
  }

  /** Returns the pool's counters. */
  stats(): StoragePoolStats {
    return { reused: this.reused, allocated: this.allocated, freeBytes: this.freeBytes };
  }

  private entryOf(values: BackendValues | undefined): PooledArray | undefined {
    if (values === undefined || !ArrayBuffer.isView(values)) return undefined;
    return this.pooled.get(values.buffer);
  }

  private removeFree(entry: PooledArray): void {
    const list = this.freeByLength.get(entry.array.length) ?? [];
    const index = list.indexOf(entry);
    if (index >= 0) list.splice(index, 1);
    entry.free = false;
    this.freeBytes -= entry.array.byteLength;
  }
}
