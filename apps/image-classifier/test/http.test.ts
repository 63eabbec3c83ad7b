import { Writable } from 'node:stream';

import { pino } from 'pino';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { DigitClassifier } from '../src/http/digit-classifier.js';
import { NO_DIGIT_REASON } from '../src/preprocess/normalize-digit.js';
import { blankPng, digitJpeg, digitPng, digitSvg, mnistLikeRows, pngWithHeaderSize } from './fixtures/digit-images.js';
import { createFakeClassifier, fakeGolden } from './fixtures/fake-classifier.js';
import {
  startClassifierService,
  type ErrorResponseBody,
  type PredictResponseBody,
  type RunningClassifierService,
} from './fixtures/service-harness.js';

let main: RunningClassifierService;
let classifier: ReturnType<typeof createFakeClassifier>;
const extraServices: RunningClassifierService[] = [];

beforeAll(async () => {
  classifier = createFakeClassifier();
  main = await startClassifierService({ classifier, limits: { maxBatch: 4 } });
  await main.service.warmUp;
});

afterAll(async () => {
  await main.close();
});

afterEach(async () => {
  await Promise.all(extraServices.splice(0).map((running) => running.close()));
});

async function startExtra(
  options: Parameters<typeof startClassifierService>[0],
): Promise<RunningClassifierService> {
  const running = await startClassifierService(options);
  extraServices.push(running);
  return running;
}

function predict(body: NonNullable<RequestInit['body']>, contentType?: string, query = ''): Promise<Response> {
  return fetch(`${main.url}/v1/predict${query}`, {
    method: 'POST',
    body,
    ...(contentType === undefined ? {} : { headers: { 'content-type': contentType } }),
  });
}

function predictJson(value: unknown): Promise<Response> {
  return predict(JSON.stringify(value), 'application/json');
}

function imageForm(files: Array<{ bytes: Buffer; name: string; type?: string }>, field = 'image'): FormData {
  const form = new FormData();
  for (const file of files) {
    form.append(field, new Blob([new Uint8Array(file.bytes)], { type: file.type ?? 'image/png' }), file.name);
  }
  return form;
}

/** Reads an error response and checks the parts every error shares: JSON, a code, a message, a request id. */
async function readError(response: Response): Promise<ErrorResponseBody['error']> {
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as ErrorResponseBody;
  expect(typeof body.error.code).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
  return body.error;
}

async function readPredictions(response: Response): Promise<PredictResponseBody> {
  expect(response.status).toBe(200);
  return (await response.json()) as PredictResponseBody;
}

function topLabels(body: PredictResponseBody): string[][] {
  return body.predictions.map((prediction) => (prediction.digitFound ? prediction.topK.map((entry) => entry.label) : []));
}

describe('POST /v1/predict', () => {
  it('classifies PNG body', async () => {
    const body = await readPredictions(await predict(await digitPng(), 'image/png'));
    const [prediction] = body.predictions;

    expect(body.modelId).toBe('fake-digits-v1');
    expect(body.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.predictions).toHaveLength(1);
    expect(prediction?.digitFound).toBe(true);
  });

  it('returns three sorted classes by default', async () => {
    const body = await readPredictions(await predict(await digitPng(), 'image/png'));
    const prediction = body.predictions[0];
    const topK = prediction?.digitFound ? prediction.topK : [];

    expect(topK).toHaveLength(3);
    expect(topK.map((entry) => entry.probability)).toEqual([...topK.map((entry) => entry.probability)].sort((a, b) => b - a));
    expect(topK.every((entry) => /^[0-9]$/.test(entry.label))).toBe(true);
  });

  it('honours topK query', async () => {
    const body = await readPredictions(await predict(await digitPng(), 'image/png', '?topK=10'));
    const prediction = body.predictions[0];
    const topK = prediction?.digitFound ? prediction.topK : [];

    expect(topK).toHaveLength(10);
    expect(topK.reduce((sum, entry) => sum + entry.probability, 0)).toBeCloseTo(1, 5);
  });

  it('classifies JPEG body', async () => {
    const body = await readPredictions(await predict(await digitJpeg(), 'image/jpeg'));

    expect(body.predictions[0]?.digitFound).toBe(true);
  });

  it.each([
    { name: 'WebP', type: 'image/webp', encode: (svg: Buffer) => sharp(svg).webp({ lossless: true }).toBuffer() },
    { name: 'GIF', type: 'image/gif', encode: (svg: Buffer) => sharp(svg).gif().toBuffer() },
    { name: 'TIFF', type: 'image/tiff', encode: (svg: Buffer) => sharp(svg).tiff().toBuffer() },
  ])('classifies $name body', async ({ type, encode }) => {
    const body = await readPredictions(await predict(await encode(Buffer.from(digitSvg())), type));

    expect(body.predictions[0]?.digitFound).toBe(true);
  });

  it('accepts octet-stream body', async () => {
    const png = await digitPng();

    const asOctets = await readPredictions(await predict(png, 'application/octet-stream'));
    const asPng = await readPredictions(await predict(png, 'image/png'));

    expect(asOctets.predictions).toEqual(asPng.predictions);
  });

  it('reports blank image as no digit', async () => {
    const body = await readPredictions(await predict(await blankPng(), 'image/png'));

    expect(body.predictions).toEqual([{ digitFound: false, reason: NO_DIGIT_REASON }]);
  });

  it('classifies multipart batch in order', async () => {
    const png = await digitPng();
    const jpeg = await digitJpeg({ width: 90, height: 140 });
    const form = imageForm([
      { bytes: png, name: 'seven.png' },
      { bytes: await blankPng(), name: 'blank.png' },
      { bytes: jpeg, name: 'seven.jpg', type: 'image/jpeg' },
    ]);

    const batch = await readPredictions(await predict(form));
    const single = await readPredictions(await predict(jpeg, 'image/jpeg'));

    expect(batch.predictions.map((prediction) => prediction.digitFound)).toEqual([true, false, true]);
    expect(batch.predictions[2]).toEqual(single.predictions[0]);
  });

  it('reads topK form field', async () => {
    const form = imageForm([{ bytes: await digitPng(), name: 'seven.png' }]);
    form.append('topK', '1');

    const body = await readPredictions(await predict(form));

    expect(topLabels(body)[0]).toHaveLength(1);
  });

  it('classifies JSON pixels', async () => {
    const body = await readPredictions(await predictJson({ pixels: mnistLikeRows().flat(), topK: 2 }));

    expect(topLabels(body)[0]).toHaveLength(2);
  });

  it('treats nested and flat pixels alike', async () => {
    const rows = mnistLikeRows();

    const nested = await readPredictions(await predictJson({ pixels: rows }));
    const flat = await readPredictions(await predictJson({ pixels: rows.flat() }));

    expect(nested.predictions).toEqual(flat.predictions);
  });

  it('treats both pixel ranges alike', async () => {
    const bytes = mnistLikeRows();
    const units = bytes.map((row) => row.map((value) => value / 255));

    const fromBytes = await readPredictions(await predictJson({ pixels: bytes }));
    const fromUnits = await readPredictions(await predictJson({ pixels: units }));

    expect(fromBytes.predictions).toEqual(fromUnits.predictions);
  });

  it('classifies JSON instances batch', async () => {
    const rows = mnistLikeRows();

    const body = await readPredictions(await predictJson({ instances: [rows, new Array<number>(784).fill(0), rows.flat()] }));

    expect(body.predictions.map((prediction) => prediction.digitFound)).toEqual([true, false, true]);
    expect(body.predictions[0]).toEqual(body.predictions[2]);
  });

  it('sends one batch to classifier', async () => {
    const rows = mnistLikeRows();
    const before = classifier.calls.length;

    await readPredictions(await predictJson({ instances: [rows, rows, rows] }));

    expect(classifier.calls.slice(before)).toEqual([3]);
  });
});

describe('POST /v1/predict rejections', () => {
  it('rejects text as image with 415', async () => {
    const response = await predict(Buffer.from('definitely not an image'), 'image/png');
    const error = await readError(response);

    expect(response.status).toBe(415);
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toBe(
      'unsupported media type: expected a PNG, JPEG, WebP, GIF or TIFF image; received 23 bytes of text',
    );
    expect(error.hint).toBe('send the raw bytes of the image file, not text: decode base64 first, or send the pixels as JSON');
  });

  it('rejects random bytes with 415', async () => {
    const bytes = Uint8Array.from([0x00, 0x9f, 0x13, 0xee, 0x42, 0x07, 0xc8, 0x5a]);

    const response = await predict(bytes, 'image/png');
    const error = await readError(response);

    expect(response.status).toBe(415);
    expect(error.message).toBe(
      'unsupported media type: expected a PNG, JPEG, WebP, GIF or TIFF image; ' +
        'received 8 bytes of an unknown format, starting with 00 9f 13 ee',
    );
    expect(error.hint).toBe('convert the image to PNG, JPEG, WebP, GIF or TIFF and send the bytes of that file');
  });

  it('logs decoder detail, not client', async () => {
    const logLines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        callback();
      },
    });
    const logged = await startExtra({ classifier: createFakeClassifier(), logger: pino({ level: 'info' }, sink) });
    await logged.service.warmUp;

    const response = await fetch(`${logged.url}/v1/predict`, {
      method: 'POST',
      body: 'definitely not an image',
      headers: { 'content-type': 'image/png', 'x-request-id': 'req-415' },
    });
    const text = await response.text();
    const line = logLines.find((entry) => entry.msg === 'request rejected' && entry.requestId === 'req-415');
    const err = line?.err as { message?: string } | undefined;

    expect(response.status).toBe(415);
    expect(text).not.toMatch(/sharp|Input buffer/);
    expect(err?.message).toContain('Input buffer contains unsupported image format');
  });

  it.each([
    { name: 'SVG', received: 'SVG', encode: (svg: Buffer) => Promise.resolve(svg) },
    { name: 'AVIF', received: 'HEIF/AVIF', encode: (svg: Buffer) => sharp(svg).avif().toBuffer() },
  ])('rejects $name with 415', async ({ received, encode }) => {
    const response = await predict(await encode(Buffer.from(digitSvg())), 'application/octet-stream');
    const error = await readError(response);

    expect(response.status).toBe(415);
    expect(error.message).toBe(`unsupported media type: expected a PNG, JPEG, WebP, GIF or TIFF image; received ${received}`);
  });

  it('rejects oversized header with 413', async () => {
    const png = await pngWithHeaderSize(100_000, 100_000);

    const response = await predict(png, 'image/png');
    const error = await readError(response);

    expect(png.length).toBeLessThan(200);
    expect(response.status).toBe(413);
    expect(error.code).toBe('IMAGE_DIMENSIONS_TOO_LARGE');
    expect(error.message).toContain('100000x100000');
  });

  it('rejects image bytes over limit with 413', async () => {
    const png = await digitPng({ width: 400, height: 400 });
    const small = await startExtra({ classifier: createFakeClassifier(), limits: { maxBytes: 1000 } });
    await small.service.warmUp;

    const response = await fetch(`${small.url}/v1/predict`, { method: 'POST', body: png, headers: { 'content-type': 'image/png' } });
    const error = await readError(response);

    expect(png.length).toBeGreaterThan(1000);
    expect(response.status).toBe(413);
    expect(error.code).toBe('IMAGE_TOO_LARGE');
    expect(error.message).toBe(`image of ${png.length} bytes exceeds the limit of 1000 bytes`);
  });

  it('rejects multipart file over limit with 413', async () => {
    const png = await digitPng({ width: 400, height: 400 });
    const small = await startExtra({ classifier: createFakeClassifier(), limits: { maxBytes: 1000 } });
    await small.service.warmUp;

    const response = await fetch(`${small.url}/v1/predict`, { method: 'POST', body: imageForm([{ bytes: png, name: 'big.png' }]) });
    const error = await readError(response);

    expect(response.status).toBe(413);
    expect(error.code).toBe('IMAGE_TOO_LARGE');
  });

  it('rejects malformed JSON with 400', async () => {
    const response = await predict('{"pixels": [0, 0,', 'application/json');
    const error = await readError(response);

    expect(response.status).toBe(400);
    expect(error.code).toBe('MALFORMED_JSON');
    expect(error.message).toBe('malformed JSON body');
  });

  it('rejects wrong pixel count with 400', async () => {
    const response = await predictJson({ pixels: new Array<number>(783).fill(0) });
    const error = await readError(response);

    expect(response.status).toBe(400);
    expect(error.code).toBe('INVALID_PIXELS');
    expect(error.message).toContain('received a flat array of 783 values');
    expect(error.hint).toBe('send 784 values or a 28x28 array');
  });

  it.each([
    { name: 'null pixel', value: null, hint: 'send finite numbers; a null is often a NaN or Infinity that JSON.stringify wrote as null' },
    { name: 'string pixel', value: '7', hint: 'send each pixel as a JSON number, not a string' },
    { name: 'pixel over 255', value: 300, hint: 'send values in 0..1 or in 0..255 (detected by a maximum above 1)' },
  ])('gives $name its own hint', async ({ value, hint }) => {
    const pixels: unknown[] = new Array<number>(784).fill(0);
    pixels[10] = value;

    const response = await predictJson({ pixels });
    const error = await readError(response);

    expect(response.status).toBe(400);
    expect(error.code).toBe('INVALID_PIXELS');
    expect(error.hint).toBe(hint);
  });

  it('rejects negative pixel with 400', async () => {
    const rows: number[][] = mnistLikeRows();
    const row = rows[3];
    if (row !== undefined) {
      row[4] = -1;
    }

    const response = await predictJson({ instances: [mnistLikeRows(), rows] });
    const error = await readError(response);

    expect(response.status).toBe(400);
    expect(error.message).toBe('instances[1][3][4] is -1; pixel values must be in 0..255');
  });

  it.each([
    { name: 'pixels and instances', body: { pixels: [], instances: [[]] } },
    { name: 'neither field', body: { topK: 3 } },
    { name: 'unknown field', body: { pixels: mnistLikeRows(), colour: 'red' } },
    { name: 'topK over 10', body: { pixels: mnistLikeRows(), topK: 11 } },
    { name: 'fractional topK', body: { pixels: mnistLikeRows(), topK: 1.5 } },
    { name: 'empty instances', body: { instances: [] } },
    { name: 'array body', body: [1, 2, 3] },
  ])('rejects JSON with $name', async ({ body }) => {
    const response = await predictJson(body);
    const error = await readError(response);

    expect(response.status).toBe(400);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.issues?.length).toBeGreaterThan(0);
  });

  it.each([
    { name: 'null', body: 'null', received: 'null' },
    { name: 'string', body: '"hi"', received: 'a string' },
    { name: 'number', body: '7', received: 'a number' },
    { name: 'array', body: '[1, 2, 3]', received: 'an array' },
  ])('rejects JSON $name body as non-object', async ({ body, received }) => {
    const response = await predict(body, 'application/json');
    const error = await readError(response);
    const message = `must be a JSON object with 'pixels' (one input) or 'instances' (a batch); received ${received}`;

    expect(response.status).toBe(400);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.issues).toEqual([{ path: 'body', message }]);
    expect(error.message).toBe(`invalid request: body: ${message}`);
  });

  it('names topK range in JSON error', async () => {
    const response = await predictJson({ pixels: mnistLikeRows(), topK: 11 });
    const error = await readError(response);

    expect(error.issues).toEqual([{ path: 'topK', message: 'expected an integer in 1..10; received 11' }]);
    expect(error.message).toBe('invalid request: topK: expected an integer in 1..10; received 11');
  });

  it('lists each JSON issue once', async () => {
    const response = await predictJson({ pixels: mnistLikeRows(), instances: [mnistLikeRows()], topK: 0 });
    const error = await readError(response);

    expect(error.message).toBe(
      'invalid request: topK: expected an integer in 1..10; received 0; ' +
        "body: send exactly one of 'pixels' (one input) or 'instances' (a batch)",
    );
    expect(error.message).not.toContain('request: request');
  });

  it('rejects JSON batch over limit with 413', async () => {
    const rows = mnistLikeRows();

    const response = await predictJson({ instances: [rows, rows, rows, rows, rows] });
    const error = await readError(response);

    expect(response.status).toBe(413);
    expect(error.code).toBe('BATCH_TOO_LARGE');
    expect(error.message).toBe('batch of 5 instances exceeds the limit of 4');
  });

  it('rejects multipart batch over limit with 413', async () => {
    const png = await digitPng();
    const files = Array.from({ length: 5 }, (_, index) => ({ bytes: png, name: `digit-${index}.png` }));

    const response = await predict(imageForm(files));
    const error = await readError(response);

    expect(response.status).toBe(413);
    expect(error.code).toBe('BATCH_TOO_LARGE');
    expect(error.message).toBe('the multipart body has more than 4 images');
  });

  it('rejects multipart with wrong field', async () => {
    const response = await predict(imageForm([{ bytes: await digitPng(), name: 'seven.png' }], 'file'));
    const error = await readError(response);

    expect(response.status).toBe(400);
    expect(error.code).toBe('UNEXPECTED_FIELD');
    expect(error.message).toBe("unexpected file field 'file': send images in the field 'image'");
  });

  it('rejects multipart without files', async () => {
    const form = new FormData();
    form.append('topK', '2');

    const response = await predict(form);
    const error = await readError(response);

    expect(response.status).toBe(400);
    expect(error.code).toBe('MISSING_IMAGE');
  });

  it('rejects truncated multipart with 400', async () => {
    const body = '--xyz\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n\r\nabc';

    const response = await predict(body, 'multipart/form-data; boundary=xyz');
    const error = await readError(response);

    expect(response.status).toBe(400);
    expect(error.code).toBe('MALFORMED_MULTIPART');
  });

  it('names failing image in batch', async () => {
    const form = imageForm([
      { bytes: await digitPng(), name: 'good.png' },
      { bytes: Buffer.from('not an image'), name: 'bad.png' },
    ]);

    const response = await predict(form);
    const error = await readError(response);

    expect(response.status).toBe(415);
    expect(error.message).toBe(
      "image[1] 'bad.png': unsupported media type: expected a PNG, JPEG, WebP, GIF or TIFF image; received 12 bytes of text",
    );
  });

  it('rejects missing body with 400', async () => {
    const response = await fetch(`${main.url}/v1/predict`, { method: 'POST' });
    const error = await readError(response);

    expect(response.status).toBe(400);
    expect(error.code).toBe('MISSING_BODY');
  });

  it('rejects empty image body with 400', async () => {
    const response = await predict(new Uint8Array(0), 'image/png');
    const error = await readError(response);

    expect(response.status).toBe(400);
    expect(error.code).toBe('MISSING_BODY');
  });

  it('rejects text body with 415', async () => {
    const response = await predict('seven', 'text/plain');
    const error = await readError(response);

    expect(response.status).toBe(415);
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.message).toBe("unsupported content type 'text/plain'");
  });

  it.each([
    { query: '?topK=zero', received: '"zero"' },
    { query: '?topK=abc', received: '"abc"' },
    { query: '?topK=99999999999999999999', received: '"99999999999999999999"' },
    { query: '?topK=0', received: '"0"' },
    { query: '?topK=2.5', received: '"2.5"' },
    { query: '?topK=1&topK=2', received: '2 values; send topK once' },
  ])('rejects topK query $query', async ({ query, received }) => {
    const response = await predict(await digitPng(), 'image/png', query);
    const error = await readError(response);
    const message = `expected an integer in 1..10; received ${received}`;

    expect(response.status).toBe(400);
    expect(error.code).toBe('INVALID_REQUEST');
    expect(error.issues).toEqual([{ path: 'topK', message }]);
    expect(error.message).toBe(`invalid request: topK: ${message}`);
  });

  it('rejects topK form field 11', async () => {
    const form = imageForm([{ bytes: await digitPng(), name: 'seven.png' }]);
    form.append('topK', '11');

    const response = await predict(form);
    const error = await readError(response);

    expect(response.status).toBe(400);
    expect(error.message).toBe('invalid request: topK: expected an integer in 1..10; received "11"');
  });

  it('answers unknown route with JSON 404', async () => {
    const response = await fetch(`${main.url}/v2/predict`, { method: 'POST' });
    const error = await readError(response);

    expect(response.status).toBe(404);
    expect(error.code).toBe('NOT_FOUND');
  });

  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('answers %s with 405', async (method) => {
    const response = await fetch(`${main.url}/v1/predict`, { method });
    const error = await readError(response);

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(error.code).toBe('METHOD_NOT_ALLOWED');
    expect(error.message).toBe(`method ${method} is not allowed on /v1/predict: use POST /v1/predict`);
  });

  it('keeps state after bad inputs', async () => {
    const png = await digitPng();
    const before = await readPredictions(await predict(png, 'image/png'));

    await predict(Buffer.from('garbage'), 'image/png');
    await predict(await pngWithHeaderSize(100_000, 100_000), 'image/png');
    await predict('{"pixels": [', 'application/json');
    await predictJson({ pixels: [-1] });
    const readiness = await fetch(`${main.url}/readyz`);
    const after = await readPredictions(await predict(png, 'image/png'));

    expect(readiness.status).toBe(200);
    expect(after.predictions).toEqual(before.predictions);
  });
});

describe('failing classifier', () => {
  it('answers 500 and keeps serving', async () => {
    const failing = await startExtra({ classifier: createFakeClassifier({ failAfterWarmUp: new Error('kernel exploded at 0xdead') }) });
    await failing.service.warmUp;

    const response = await fetch(`${failing.url}/v1/predict`, { method: 'POST', body: await digitPng(), headers: { 'content-type': 'image/png' } });
    const text = await response.clone().text();
    const error = await readError(response);
    const health = await fetch(`${failing.url}/healthz`);

    expect(response.status).toBe(500);
    expect(error.code).toBe('INTERNAL_ERROR');
    expect(text).not.toContain('kernel exploded');
    expect(health.status).toBe(200);
  });

  it('answers 500 for wrong output size', async () => {
    const golden = fakeGolden();
    let warmedUp = false;
    const shortOutput: DigitClassifier = {
      modelId: 'short-output',
      golden,
      predict: (_batch, count) => {
        if (!warmedUp) {
          warmedUp = true;
          return Promise.resolve(Float32Array.from(golden.outputs.flat()));
        }
        return Promise.resolve(new Float32Array(count * 10 - 1));
      },
    };
    const running = await startExtra({ classifier: shortOutput });
    await running.service.warmUp;

    const response = await fetch(`${running.url}/v1/predict`, { method: 'POST', body: await digitPng(), headers: { 'content-type': 'image/png' } });

    expect(response.status).toBe(500);
  });
});

describe('readiness', () => {
  it('is ready after golden check', async () => {
    const response = await fetch(`${main.url}/readyz`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready' });
  });

  it('reports golden mismatch as 503', async () => {
    const golden = fakeGolden();
    const tampered = { inputs: golden.inputs, outputs: golden.outputs.map((row) => row.map((value) => value)) };
    const firstRow = tampered.outputs[1];
    if (firstRow !== undefined) {
      firstRow[4] = (firstRow[4] ?? 0) + 0.01;
    }
    const running = await startExtra({ classifier: createFakeClassifier({ golden: tampered }) });
    await running.service.warmUp;

    const response = await fetch(`${running.url}/readyz`);
    const body = (await response.json()) as { status: string; reason: string };

    expect(response.status).toBe(503);
    expect(body.status).toBe('not ready');
    expect(body.reason).toMatch(/max abs difference 1\.000e-2 at sample 1, class 4/);
  });

  it('honours golden tolerance option', async () => {
    const golden = fakeGolden();
    const shifted = { inputs: golden.inputs, outputs: golden.outputs.map((row) => row.map((value) => value + 5e-4)) };
    const running = await startExtra({ classifier: createFakeClassifier({ golden: shifted }), goldenTolerance: 1e-3 });

    expect(await running.service.warmUp).toEqual({ ready: true });
  });

  it('reports missing golden samples as 503', async () => {
    const running = await startExtra({ classifier: createFakeClassifier({ golden: undefined }) });
    await running.service.warmUp;

    const response = await fetch(`${running.url}/readyz`);
    const body = (await response.json()) as { reason: string };

    expect(response.status).toBe(503);
    expect(body.reason).toContain('the checkpoint has no golden samples');
  });

  it('rejects predictions while not ready', async () => {
    const running = await startExtra({ classifier: createFakeClassifier({ golden: undefined }) });
    await running.service.warmUp;

    const response = await fetch(`${running.url}/v1/predict`, { method: 'POST', body: await digitPng(), headers: { 'content-type': 'image/png' } });
    const error = await readError(response);

    expect(response.status).toBe(503);
    expect(error.code).toBe('MODEL_NOT_READY');
  });

  it('becomes ready once model loads', async () => {
    let resolveModel: (classifier: DigitClassifier) => void = () => undefined;
    const loading = new Promise<DigitClassifier>((resolve) => (resolveModel = resolve));
    const running = await startExtra({ classifier: loading });

    const whileLoading = await fetch(`${running.url}/readyz`);
    const loadingBody = (await whileLoading.json()) as { reason: string };
    resolveModel(createFakeClassifier());
    await running.service.warmUp;
    const afterLoading = await fetch(`${running.url}/readyz`);

    expect(whileLoading.status).toBe(503);
    expect(loadingBody.reason).toBe('the model is still loading');
    expect(afterLoading.status).toBe(200);
  });

  it('reports load failure as 503', async () => {
    const running = await startExtra({ classifier: Promise.reject(new Error('checkpoint file not found: model.json')) });

    const status = await running.service.warmUp;

    expect(status).toEqual({ ready: false, reason: 'the model failed to load: checkpoint file not found: model.json' });
  });
});

describe('operational routes', () => {
  it('exposes predict histogram in metrics', async () => {
    await predict(await digitPng(), 'image/png');

    const response = await fetch(`${main.url}/metrics`);
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="\/v1\/predict"[^}]*status_code="200"/);
    expect(text).toMatch(/http_errors_total\{[^}]*code="UNSUPPORTED_MEDIA_TYPE"/);
  });

  it('counts body parse failures under predict', async () => {
    const small = await startExtra({ classifier: createFakeClassifier(), limits: { jsonBodyBytes: 1000 } });
    await small.service.warmUp;
    const post = (body: string): Promise<Response> =>
      fetch(`${small.url}/v1/predict`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

    const malformed = await post('{"pixels": [0, 0,');
    const oversized = await post(JSON.stringify({ pixels: new Array<number>(784).fill(0.5) }));
    const text = await (await fetch(`${small.url}/metrics`)).text();

    expect(malformed.status).toBe(400);
    expect(oversized.status).toBe(413);
    expect(text).toContain('route="/v1/predict",method="POST",status_code="400"');
    expect(text).toContain('route="/v1/predict",method="POST",status_code="413"');
    expect(text).not.toContain('route="unmatched"');
  });

  it('describes predict in openapi', async () => {
    const response = await fetch(`${main.url}/openapi.json`);
    const document = (await response.json()) as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, unknown> } } }>;
    };
    const contentTypes = Object.keys(document.paths['/v1/predict']?.post?.requestBody?.content ?? {});

    expect(contentTypes).toEqual([
      'image/png',
      'image/jpeg',
      'image/webp',
      'image/gif',
      'image/tiff',
      'application/octet-stream',
      'multipart/form-data',
      'application/json',
    ]);
    expect(Object.keys(document.paths).sort()).toEqual(['/healthz', '/metrics', '/openapi.json', '/readyz', '/v1/predict']);
  });
});
