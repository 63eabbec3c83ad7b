import { loadNativeBackend, binding } from './dist/index.js';
loadNativeBackend();
const B = Number(process.env.B ?? 64);
const g = { batchSize: B, inHeight: 26, inWidth: 26, inChannels: 32, outHeight: 24, outWidth: 24, outChannels: 64, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 0, padLeft: 0 };
const g1 = { batchSize: B, inHeight: 28, inWidth: 28, inChannels: 1, outHeight: 26, outWidth: 26, outChannels: 32, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 0, padLeft: 0 };
const rnd = (n) => new Float32Array(n).map(() => Math.random() - 0.5);
const x = rnd(B*26*26*32), w = rnd(3*3*32*64), dy = rnd(B*24*24*64);
const x1 = rnd(B*28*28), w1 = rnd(9*32), dy1 = rnd(B*26*26*32);
const reps = Number(process.env.REPS ?? 7);
function time(f) { f(); const ts = []; for (let i = 0; i < reps; i++) { const t0 = performance.now(); f(); ts.push(performance.now() - t0); } ts.sort((a,b)=>a-b); return `${ts[0].toFixed(1)}/${ts[reps>>1].toFixed(1)}`; }
const maxDiff = (a, b) => { let m = 0; for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / (1e-3 + Math.abs(b[i]))); return m.toExponential(1); };
const ops = {
  conv2: () => binding.conv2d(x, w, g, null, 'linear', 0, null),
  bpInput2: () => binding.conv2dBackpropInput(dy, w, g),
  bpFilter2: () => binding.conv2dBackpropFilter(x, dy, g),
  conv1: () => binding.conv2d(x1, w1, g1, null, 'linear', 0, null),
  bpFilter1: () => binding.conv2dBackpropFilter(x1, dy1, g1),
};
const ref = {};
binding.setThreadLimit(1);
for (const [k, f] of Object.entries(ops)) ref[k] = f();
for (const threads of (process.env.THREADS ?? '1,2').split(',').map(Number)) {
  binding.setThreadLimit(threads);
  const line = [];
  for (const [k, f] of Object.entries(ops)) line.push(`${k} ${time(f)} ms (diff ${maxDiff(f(), ref[k])})`);
  console.log(`threads ${threads}: ${line.join(', ')}`);
}
