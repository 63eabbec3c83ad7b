import { describe, expect, it } from 'vitest';

import { describeBytes } from './describe-bytes.js';

describe('describeBytes', () => {
  it.each([
    { name: 'ASCII text', bytes: Buffer.from('not an image\n'), description: '13 bytes of text', isText: true },
    { name: 'UTF-8 text', bytes: Buffer.from('ziffer ä'), description: '9 bytes of text', isText: true },
    { name: 'one byte', bytes: Buffer.from('x'), description: '1 byte of text', isText: true },
    {
      name: 'binary',
      bytes: Uint8Array.from([0x00, 0x01, 0xfe, 0xff, 0x10]),
      description: '5 bytes of an unknown format, starting with 00 01 fe ff',
      isText: false,
    },
    { name: 'cut UTF-8 character', bytes: Uint8Array.from([0xc3]), description: '1 byte of an unknown format, starting with c3', isText: false },
    {
      name: 'text with NUL',
      bytes: Buffer.from('abc\u0000def'),
      description: '7 bytes of an unknown format, starting with 61 62 63 00',
      isText: false,
    },
  ])('describes $name', ({ bytes, description, isText }) => {
    const described = describeBytes(bytes);

    expect(described.description).toBe(description);
    expect(described.isText).toBe(isText);
  });

  it('treats character cut at sample end as text', () => {
    const text = Buffer.from(`${'a'.repeat(511)}ä`);

    expect(describeBytes(text).isText).toBe(true);
  });
});
