import { loadNativeBackend, binding } from './dist/index.js';
loadNativeBackend();
const rnd = (n) => new Float32Array(n).map(() => Math.random() - 0.5);
const cases = [[1,8,8,8,16],[1,16,16,8,16],[2,16,16,16,16],[1,32,32,16,32],[4,32,32,16,32],[8,28,28,1,32]];
for (const [B,H,W,C,O] of cases) {
  const g = { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: H, outWidth: W, outChannels: O, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 1, padLeft: 1 };
  const x = rnd(B*H*W*C), w = rnd(9*C*O), dy = rnd(B*H*W*O);
  const work = B*H*W*9*C*O;
  const res = [];
  for (const t of [1, 2, 1, 2]) {
    binding.setThreadLimit(t);
    const f = { fwd: () => binding.conv2d(x, w, g, null, 'linear', 0, null), in: () => binding.conv2dBackpropInput(dy, w, g), filt: () => binding.conv2dBackpropFilter(x, dy, g) };
    const r = [];
    for (const [k, fn] of Object.entries(f)) { for (let i = 0; i < 20; i++) fn(); let best = Infinity; for (let i = 0; i < 200; i++) { const t0 = performance.now(); fn(); best = Math.min(best, performance.now() - t0); } r.push(`${k} ${(best*1000).toFixed(0)}us`); }
    res.push(`t${t}: ${r.join(' ')}`);
  }
  console.log(`work ${work.toExponential(1)} [${B},${H},${W},${C}]->${O}: ${res.join(' | ')}`);
}
