import { errorResponse, type OpenApiDocument, type SchemaObject } from '@essence/service-kit';

import { ACCEPTED_FORMAT_NAMES, ACCEPTED_IMAGE_FORMATS } from '../preprocess/image-formats.js';
import { IMAGE_FIELD } from './predict-input.js';
import type { ImageClassifierLimits } from './service-limits.js';
import { DEFAULT_TOP_K, MAX_TOP_K } from './top-k.js';

const pixelsSchema: SchemaObject = {
  description: '784 values (28 × 28, row-major) or 28 rows of 28, in 0..1 or 0..255 (detected by a maximum above 1).',
  oneOf: [
    { type: 'array', items: { type: 'number', minimum: 0, maximum: 255 }, minItems: 784, maxItems: 784 },
    {
      type: 'array',
      minItems: 28,
      maxItems: 28,
      items: { type: 'array', items: { type: 'number', minimum: 0, maximum: 255 }, minItems: 28, maxItems: 28 },
    },
  ],
};

const topKSchema: SchemaObject = { type: 'integer', minimum: 1, maximum: MAX_TOP_K, default: DEFAULT_TOP_K };

const predictionSchema: SchemaObject = {
  oneOf: [
    {
      type: 'object',
      required: ['digitFound', 'topK'],
      properties: {
        digitFound: { const: true },
        topK: {
          type: 'array',
          description: 'Most probable classes, highest probability first.',
          items: {
            type: 'object',
            required: ['label', 'probability'],
            properties: {
              label: { type: 'string', enum: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
              probability: { type: 'number', minimum: 0, maximum: 1 },
            },
          },
        },
      },
    },
    {
      type: 'object',
      required: ['digitFound', 'reason'],
      properties: { digitFound: { const: false }, reason: { type: 'string', examples: ['no digit found: the image is blank'] } },
    },
  ],
};

/** Builds the OpenAPI 3.1 document of `POST /v1/predict`, with the limits in force. */
export function buildImageClassifierOpenApi(limits: ImageClassifierLimits): OpenApiDocument {
  const imageBody = { schema: { type: 'string', contentMediaType: 'image/*', contentEncoding: 'binary' } };
  const imageLimits =
    `Each image at most ${limits.maxBytes} bytes and ${limits.maxWidth}x${limits.maxHeight} pixels ` +
    `(${limits.maxPixels} in total), checked from the header before decoding.`;
  return {
    openapi: '3.1.0',
    info: {
      title: 'Essence digit classifier',
      version: '1.0.0',
      description:
        'Classifies handwritten digits. Inputs are normalized like MNIST: grayscale, light digit on black, ' +
        'scaled into 20 × 20 and centred by mass in 28 × 28.',
    },
    paths: {
      '/v1/predict': {
        post: {
          operationId: 'predictDigits',
          summary: 'Classify one digit image, a batch of images, or pixel arrays.',
          description:
            `${imageLimits} At most ${limits.maxBatch} inputs per request. The body is one of: a ${ACCEPTED_FORMAT_NAMES} ` +
            `image (SVG and other formats are rejected with 415); a multipart form with one or more such files in ` +
            `the field '${IMAGE_FIELD}'; or JSON with 'pixels' (one input) or 'instances' (a batch).`,
          tags: ['prediction'],
          parameters: [
            { name: 'topK', in: 'query', description: 'Classes per input, for image and multipart bodies.', schema: topKSchema },
          ],
          requestBody: {
            required: true,
            content: {
              ...Object.fromEntries(ACCEPTED_IMAGE_FORMATS.map((format) => [format.mediaType, imageBody])),
              'application/octet-stream': imageBody,
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: [IMAGE_FIELD],
                  properties: {
                    [IMAGE_FIELD]: {
                      type: 'array',
                      maxItems: limits.maxBatch,
                      items: { type: 'string', contentMediaType: 'image/*', contentEncoding: 'binary' },
                    },
                    topK: topKSchema,
                  },
                },
              },
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: false,
                  description: "Exactly one of 'pixels' and 'instances'.",
                  properties: {
                    pixels: pixelsSchema,
                    instances: { type: 'array', minItems: 1, maxItems: limits.maxBatch, items: pixelsSchema },
                    topK: topKSchema,
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description: 'One prediction per input, in input order.',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['modelId', 'latencyMs', 'predictions'],
                    properties: {
                      modelId: { type: 'string' },
                      latencyMs: { type: 'number', description: 'Time in ms spent decoding, preprocessing and predicting, after the body was read.' },
                      predictions: { type: 'array', items: predictionSchema },
                    },
                  },
                },
              },
            },
            '400': errorResponse('Missing or malformed body, invalid pixels, topK or multipart fields.'),
            '405': errorResponse('A method other than POST; the Allow header lists POST.'),
            '413': errorResponse('Body, image bytes, image dimensions or batch over the limits.'),
            '415': errorResponse(`Content type not supported, or bytes that are not a ${ACCEPTED_FORMAT_NAMES} image.`),
            '500': errorResponse('Unexpected failure; the server logs the cause with the request id.'),
            '503': errorResponse('The model is not loaded or failed its golden check; see GET /readyz.'),
          },
        },
      },
    },
  };
}
