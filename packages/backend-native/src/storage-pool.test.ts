import { describe, expect, it } from 'vitest';

import { StoragePool } from './storage-pool.js';

const LENGTH = 1024;

function newPool(maxFreeBytes?: number): StoragePool {
  return new StoragePool({ minLength: 256, ...(maxFreeBytes === undefined ? {} : { maxFreeBytes }) });
}

/** Takes an array and stores it once, as a kernel output that became a tensor. */
function storedArray(pool: StoragePool, length = LENGTH): Float32Array {
  const array = pool.take(length);
  pool.noteStored(array);
  return array;
}

describe('StoragePool', () => {
  it('reuses released array', () => {
    const pool = newPool();
    const array = storedArray(pool);
    pool.noteReleased(array);

    expect(pool.take(LENGTH)).toBe(array);
    expect(pool.stats().reused).toBe(1);
  });

  it('zero-fills reused array', () => {
    const pool = newPool();
    const array = storedArray(pool);
    array.fill(7);
    pool.noteReleased(array);

    expect(pool.take(LENGTH).every((value) => value === 0)).toBe(true);
  });

  it('keeps other lengths apart', () => {
    const pool = newPool();
    const array = storedArray(pool);
    pool.noteReleased(array);

    expect(pool.take(LENGTH + 1)).not.toBe(array);
    expect(pool.stats().allocated).toBe(2);
  });

  it('ignores short arrays', () => {
    const pool = newPool();
    const array = storedArray(pool, 255);
    pool.noteReleased(array);

    expect(pool.take(255)).not.toBe(array);
    expect(pool.stats().allocated).toBe(0);
  });

  it('ignores foreign arrays', () => {
    const pool = newPool();
    const foreign = new Float32Array(LENGTH);
    pool.noteStored(foreign);
    pool.noteReleased(foreign);

    expect(pool.take(LENGTH)).not.toBe(foreign);
  });

  it('never reuses pinned array', () => {
    const pool = newPool();
    const array = storedArray(pool);
    pool.pin(array);
    pool.noteReleased(array);

    expect(pool.take(LENGTH)).not.toBe(array);
  });

  it('partial view pins array', () => {
    const pool = newPool();
    const array = storedArray(pool);
    pool.noteStored(array.subarray(0, LENGTH / 2));
    pool.noteReleased(array);

    expect(pool.take(LENGTH)).not.toBe(array);
  });

  it('second holder delays reuse', () => {
    const pool = newPool();
    const array = storedArray(pool);
    pool.noteStored(array);
    pool.noteReleased(array);

    expect(pool.take(LENGTH)).not.toBe(array);

    pool.noteReleased(array);
    expect(pool.take(LENGTH)).toBe(array);
  });

  it('storing free array pins it', () => {
    const pool = newPool();
    const array = storedArray(pool);
    pool.noteReleased(array);
    pool.noteStored(array);

    expect(pool.stats().freeBytes).toBe(0);
    expect(pool.take(LENGTH)).not.toBe(array);
  });

  it('respects free byte limit', () => {
    const pool = newPool(LENGTH * 4);
    const first = storedArray(pool);
    const second = storedArray(pool);
    pool.noteReleased(first);
    pool.noteReleased(second);

    expect(pool.stats().freeBytes).toBe(LENGTH * 4);
    expect(pool.take(LENGTH)).toBe(first);
    expect(pool.take(LENGTH)).not.toBe(second);
  });

  it('clear drops free arrays', () => {
    const pool = newPool();
    const array = storedArray(pool);
    pool.noteReleased(array);
    pool.clear();

    expect(pool.stats().freeBytes).toBe(0);
    expect(pool.take(LENGTH)).not.toBe(array);
  });
});
