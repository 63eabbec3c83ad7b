/** Activations the addon fuses after a GEMM; others fall back to the cpu kernels. */
export const NATIVE_ACTIVATIONS: ReadonlySet<string> = new Set([
  'linear',
  'relu',
  'relu6',
  'elu',
  'sigmoid',
  'leakyrelu',
  'prelu',
]);

/**
 * Returns true when a bias or prelu tensor of `shape` contains one value per output column (or one value overall) and
 * broadcasting it does not grow the output's rank, which is the only layout the addon's fused epilogue accepts.
 */
export function isRowVector(shape: readonly number[], columns: number, outputRank: number): boolean {
  if (shape.length > outputRank) return false;
  const leadingOnes = shape.slice(0, -1).every((dim) => dim === 1);
  const last = shape.at(-1) ?? 1;
  return leadingOnes && (last === columns || last === 1);
}
