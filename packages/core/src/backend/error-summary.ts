/**
 * Returns the first line of an error's message, prefixed with its Node.js error code when it has one,
 * e.g. `ERR_DLOPEN_FAILED: libtensorflow.so.2: cannot open shared object file`.
 *
 * Load errors of native addons span several lines of advice, so only the first line goes into a
 * one-line status reason.
 */
export function summarizeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n', 1)[0]?.trim() ?? '';
  const code = readErrorCode(error);
  if (code === undefined || firstLine.includes(code)) return firstLine;
  return `${code}: ${firstLine}`;
}

function readErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
