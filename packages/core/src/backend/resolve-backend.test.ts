import { Writable } from 'node:stream';

import * as tf from '@tensorflow/tfjs-core';
import { pino } from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';

import { BackendUnavailableError, UnknownBackendError } from './backend-errors.js';
import { probeNative } from './probes/native-probe.js';
import { resolveBackend } from './resolve-backend.js';

/** Returns a debug-level logger and the messages it has written so far. */
function createRecordingLogger(): { logger: pino.Logger; messages: () => string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  return { logger, messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg) };
}

async function captureError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

const NO_ENV = {};

describe('resolveBackend', () => {
  let nativeAvailable = false;

  beforeAll(async () => {
    // The native addon is built by a separate package, so this machine may or may not have it.
    nativeAvailable = (await probeNative()).status === 'available';
  });

  it('default order selects first available', async () => {
    const expected = nativeAvailable ? 'native' : 'wasm';

    const resolution = await resolveBackend({ env: NO_ENV, logger: createRecordingLogger().logger });

    expect(resolution.name).toBe(expected);
    expect(tf.getBackend()).toBe(expected);
    expect(resolution.requested).toBeUndefined();
    expect(resolution.candidates.map((candidate) => candidate.name)).toEqual(['tensorflow', 'native', 'wasm', 'cpu']);
  });

  it('default order reports tensorflow unusable', async () => {
    const resolution = await resolveBackend({ env: NO_ENV, logger: createRecordingLogger().logger });
    const tensorflow = resolution.candidates[0];

    expect(tensorflow?.status).toBe('unavailable');
    expect(tensorflow?.reason).toMatch(/@tensorflow\/tfjs-node-gpu 4\.22\.0 is installed but unusable/);
    expect(tensorflow?.reason).toMatch(/tfjs_binding\.node|libtensorflow/);
    expect(tensorflow?.reason).toMatch(/@tensorflow\/tfjs-node is not installed/);
  });

  it('default order skips backends after selection', async () => {
    const resolution = await resolveBackend({ env: NO_ENV, logger: createRecordingLogger().logger });
    const statuses = Object.fromEntries(resolution.candidates.map((candidate) => [candidate.name, candidate.status]));

    expect(statuses.cpu).toBe('skipped');
    expect(statuses.native).toBe(nativeAvailable ? 'selected' : 'unavailable');
    expect(statuses.wasm).toBe(nativeAvailable ? 'skipped' : 'selected');
  });

  it('logs selection and skip reasons', async () => {
    const { logger, messages } = createRecordingLogger();

    const resolution = await resolveBackend({ env: NO_ENV, logger });

    expect(messages()).toContainEqual(expect.stringMatching(new RegExp(`^using tfjs backend '${resolution.name}'`)));
    expect(messages()).toContainEqual(expect.stringMatching(/^backend 'tensorflow' is unavailable: /));
    expect(messages()).toContainEqual(expect.stringMatching(/^backend 'cpu' skipped: /));
  });

  it('explicit cpu request selects cpu', async () => {
    const resolution = await resolveBackend({ requested: 'cpu', env: NO_ENV, logger: createRecordingLogger().logger });

    expect(resolution.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(resolution.requested).toBe('cpu');
    expect(resolution.requestSource).toBe('flag');
    expect(resolution.candidates.filter((candidate) => candidate.status === 'skipped').map((candidate) => candidate.name)).toEqual([
      'tensorflow',
      'native',
      'wasm',
    ]);
  });

  it('explicit cpu request is case-insensitive', async () => {
    const resolution = await resolveBackend({ requested: ' CPU ', env: NO_ENV, logger: createRecordingLogger().logger });

    expect(resolution.name).toBe('cpu');
  });

  it('unusable request throws with reason', async () => {
    await resolveBackend({ requested: 'cpu', env: NO_ENV, logger: createRecordingLogger().logger });

    const error = await captureError(resolveBackend({ requested: 'tensorflow', env: NO_ENV, logger: createRecordingLogger().logger }));

    expect(error).toBeInstanceOf(BackendUnavailableError);
    const message = (error as BackendUnavailableError).message;
    expect((error as BackendUnavailableError).code).toBe('BACKEND_UNAVAILABLE');
    expect(message).toMatch(/^backend 'tensorflow' requested by the --backend flag is unusable: /);
    expect(message).toMatch(/@tensorflow\/tfjs-node-gpu 4\.22\.0 is installed but unusable/);
    expect(message).toMatch(/To fix it: .*enable-tensorflow-gpu\.sh/);
    expect(message).toMatch(/Available backends: .*'wasm', 'cpu'/);
    expect((error as BackendUnavailableError).available).toContain('wasm');
  });

  it('unusable request keeps previous backend', async () => {
    await resolveBackend({ requested: 'cpu', env: NO_ENV, logger: createRecordingLogger().logger });

    await captureError(resolveBackend({ requested: 'tensorflow', env: NO_ENV, logger: createRecordingLogger().logger }));

    expect(tf.getBackend()).toBe('cpu');
  });

  it('unknown request lists valid names', async () => {
    const error = await captureError(resolveBackend({ requested: 'gpu', env: NO_ENV, logger: createRecordingLogger().logger }));

    expect(error).toBeInstanceOf(UnknownBackendError);
    expect((error as UnknownBackendError).message).toBe(
      "unknown backend 'gpu' from the --backend flag; valid backends: 'tensorflow', 'native', 'wasm', 'cpu', " +
        "or 'auto' for the first available one in that order",
    );
  });

  it('ESSENCE_BACKEND requests a backend', async () => {
    const resolution = await resolveBackend({ env: { ESSENCE_BACKEND: 'cpu' }, logger: createRecordingLogger().logger });

    expect(resolution.name).toBe('cpu');
    expect(resolution.requestSource).toBe('env');
  });

  it('flag wins over ESSENCE_BACKEND', async () => {
    const resolution = await resolveBackend({
      requested: 'wasm',
      env: { ESSENCE_BACKEND: 'cpu' },
      logger: createRecordingLogger().logger,
    });

    expect(resolution.name).toBe('wasm');
    expect(resolution.requestSource).toBe('flag');
  });

  it('flag auto overrides ESSENCE_BACKEND', async () => {
    const resolution = await resolveBackend({
      requested: 'auto',
      env: { ESSENCE_BACKEND: 'cpu' },
      logger: createRecordingLogger().logger,
    });

    expect(resolution.name).toBe(nativeAvailable ? 'native' : 'wasm');
    expect(resolution.requested).toBeUndefined();
  });

  it('unusable ESSENCE_BACKEND names its source', async () => {
    const error = await captureError(
      resolveBackend({ env: { ESSENCE_BACKEND: 'tensorflow' }, logger: createRecordingLogger().logger }),
    );

    expect((error as Error).message).toMatch(/^backend 'tensorflow' requested by ESSENCE_BACKEND is unusable/);
  });

  it('selected backend runs ops', async () => {
    await resolveBackend({ env: NO_ENV, logger: createRecordingLogger().logger });

    const sum = tf.tidy(() => tf.add(tf.tensor1d([1, 2]), tf.tensor1d([3, 4])).arraySync());

    expect(sum).toEqual([4, 6]);
  });
});
