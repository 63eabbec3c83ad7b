import { loadNativeBackend, binding } from './dist/index.js';
loadNativeBackend(); binding.setThreadLimit(1);
const B = 64, op = process.env.OP;
const g = { batchSize: B, inHeight: 26, inWidth: 26, inChannels: 32, outHeight: 24, outWidth: 24, outChannels: 64, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 0, padLeft: 0 };
const rnd = (n) => new Float32Array(n).map(() => Math.random() - 0.5);
const x = rnd(B*26*26*32), w = rnd(3*3*32*64), dy = rnd(B*24*24*64);
const t0 = performance.now();
for (let i = 0; i < 100; i++) {
  if (op === 'fwd') binding.conv2d(x, w, g, null, 'linear', 0, null);
  if (op === 'in') binding.conv2dBackpropInput(dy, w, g);
  if (op === 'filt') binding.conv2dBackpropFilter(x, dy, g);
}
console.log(op, (performance.now() - t0) / 100);
