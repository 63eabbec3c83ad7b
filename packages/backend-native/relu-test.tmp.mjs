import { binding, loadNativeBackend } from './dist/index.js'; loadNativeBackend();
const n = 64*24*24*64;
const x = new Float32Array(n).map(() => Math.random() - 0.5);
const out = new Float32Array(n);
function time(name, f) { for (let i = 0; i < 3; i++) f(); const t0 = performance.now(); for (let i = 0; i < 20; i++) f(); console.log(name, ((performance.now() - t0) / 20).toFixed(2), 'ms'); }
time('relu prealloc', () => binding.relu(x, out));
time('relu fresh', () => binding.relu(x, new Float32Array(n)));
time('alloc only', () => new Float32Array(n)[5] = 1);
time('alloc+fill', () => new Float32Array(n).fill(1));
