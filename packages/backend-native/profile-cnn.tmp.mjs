import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadNativeBackend, createFusedOptimizer } from './dist/index.js';
const r = loadNativeBackend(); r.register(); await tf.setBackend('native');
const B = 64;
const model = tfl.sequential();
model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu' }));
model.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
model.add(tfl.layers.dropout({ rate: 0.25 }));
model.add(tfl.layers.flatten());
model.add(tfl.layers.dense({ units: 128, activation: 'relu' }));
model.add(tfl.layers.dropout({ rate: 0.5 }));
model.add(tfl.layers.dense({ units: 10 }));
const opt = createFusedOptimizer ? createFusedOptimizer('adam', { learningRate: 0.001 }) : tf.train.adam(0.001);
const x = tf.randomUniform([B, 28, 28, 1], 0, 1, 'float32', 1);
const y = tf.randomUniform([B], 0, 10, 'int32', 2);
function step() {
  const loss = opt.minimize(() => {
    const logits = model.apply(x, { training: true });
    return tf.losses.softmaxCrossEntropy(tf.oneHot(y, 10), logits);
  }, true);
  loss.dataSync(); loss.dispose();
}
for (let i = 0; i < 5; i++) step();
const n = Number(process.env.N ?? 30);
let best = Infinity; const times = [];
for (let rep = 0; rep < 3; rep++) {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) step();
  const t = (performance.now() - t0) / n; times.push(t); best = Math.min(best, t);
}
console.log(`step ms: ${times.map((t) => t.toFixed(1)).join(' ')}; best ${(B / best * 1000).toFixed(0)} samples/s, median ${(B / times.sort((a,b)=>a-b)[1] * 1000).toFixed(0)}`);
if (process.env.PROFILE) {
  const p = await tf.profile(() => step());
  const agg = new Map();
  for (const k of p.kernels) { const a = agg.get(k.name) ?? { t: 0, n: 0 }; a.t += k.kernelTimeMs; a.n++; agg.set(k.name, a); }
  const total = [...agg.values()].reduce((s, a) => s + a.t, 0);
  console.log('kernel total', total.toFixed(1));
  for (const [k, a] of [...agg].sort((a, b) => b[1].t - a[1].t).slice(0, 25)) console.log(k.padEnd(28), a.t.toFixed(2), a.n);
  for (const k of p.kernels.filter(k=>k.kernelTimeMs>1)) console.log('  ', k.name, k.kernelTimeMs.toFixed(2), JSON.stringify(k.inputShapes));
}
