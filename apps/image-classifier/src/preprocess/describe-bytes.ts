/** Description of bytes that no decoder identified, used to tell the client what the service received. */
export interface BytesDescription {
  /** Like `23 bytes of text` or `6 bytes of an unknown format, starting with 00 01 02 03`. */
  description: string;
  /** Whether the bytes read as UTF-8 text, which suggests base64, a file path or an error page was sent. */
  isText: boolean;
}

/** Bytes inspected to decide whether a body is text. */
const SAMPLE_BYTES = 512;
/** Leading bytes shown in hex, enough to tell a file signature ("magic number"). */
const SIGNATURE_BYTES = 4;

/**
 * Describes bytes that no decoder identified, naming their size and whether they are text, or else their
 * leading bytes in hex. Never echoes the content of text, which may be anything the client had at hand.
 */
export function describeBytes(bytes: Uint8Array): BytesDescription {
  const size = `${bytes.length} ${bytes.length === 1 ? 'byte' : 'bytes'}`;
  if (looksLikeText(bytes.subarray(0, SAMPLE_BYTES), bytes.length > SAMPLE_BYTES)) {
    return { description: `${size} of text`, isText: true };
  }

  const signature = Array.from(bytes.subarray(0, SIGNATURE_BYTES), (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return { description: `${size} of an unknown format, starting with ${signature}`, isText: false };
}

/**
 * Returns whether `sample` is valid UTF-8 without control characters other than tab, line feed and carriage
 * return. When the sample was cut from longer bytes, a multi-byte character cut at its end is not an error.
 */
function looksLikeText(sample: Uint8Array, isCut: boolean): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: isCut });
  } catch {
    return false;
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what marks binary data
  return !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}
