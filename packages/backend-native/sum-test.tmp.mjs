import { binding, loadNativeBackend } from './dist/index.js'; loadNativeBackend();
const n = 64*24*24*64;
const x = new Float32Array(n).map(() => Math.random() - 0.5);
const out = new Float32Array(64);
function time(name, f) { for (let i = 0; i < 3; i++) f(); const t0 = performance.now(); for (let i = 0; i < 20; i++) f(); console.log(name, ((performance.now() - t0) / 20).toFixed(2), 'ms'); }
time('sum cols', () => binding.reduceSum(x, 1, 36864, 64, out));
time('sum rows', () => binding.reduceSum(x, 64, 36864, 1, out));
const o2 = new Float32Array(n);
time('mul same', () => binding.mul(x, [64,24,24,64], x, [64,24,24,64], o2));
time('add bias', () => binding.add(x, [64,24,24,64], out, [64], o2));
time('step', () => binding.step(x, o2, 0));
