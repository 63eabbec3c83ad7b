import { describe, expect, it } from 'vitest';

import { ACCEPTED_FORMAT_NAMES, findAcceptedFormat } from './image-formats.js';

describe('image formats', () => {
  it('names accepted formats for messages', () => {
    expect(ACCEPTED_FORMAT_NAMES).toBe('PNG, JPEG, WebP, GIF or TIFF');
  });

  it.each([
    { id: 'png', mediaType: 'image/png' },
    { id: 'jpeg', mediaType: 'image/jpeg' },
    { id: 'webp', mediaType: 'image/webp' },
    { id: 'gif', mediaType: 'image/gif' },
    { id: 'tiff', mediaType: 'image/tiff' },
    { id: 'svg', mediaType: undefined },
    { id: 'heif', mediaType: undefined },
  ])('finds $id', ({ id, mediaType }) => {
    expect(findAcceptedFormat(id)?.mediaType).toBe(mediaType);
  });
});
