#!/usr/bin/env node
// Trains one model on one Essence tfjs backend with the bench protocol and writes the result as JSON. train-speed.mjs
// starts it once per row in a child process, so every row gets a fresh tfjs engine and its own environment (the
// native backend reads ESSENCE_NATIVE_THREADS when its addon loads).
//
// Usage: node bench/essence-train-worker.mjs --model mlp|cnn --backend native|wasm|cpu
//          [--capped] [--loop train|minimal] [--data-dir DIR] [--out FILE]
//
// --loop train (default) trains with @essence/core's train(). If train() fails before its first optimizer step,
// the worker starts again from the initial weights with the minimal loop and records why. --loop minimal always uses
// the minimal loop: the same batches and the same step as train() (forward pass in training mode, loss, correct
// count, computeGradients, loss read-back, applyGradients), without callbacks and without yielding to the event
// loop between batches.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import { buildBenchModel, DEFAULT_DATA_DIR } from './dump-mnist.mjs';
import { readDataManifest, readEntry } from './lib/data-files.mjs';
import { budgetExceeded, summarizeRuns, timingPlan, truncatePlan } from './lib/protocol.mjs';
import { importNativeBackend, importWasmBackend, importWorkspace } from './lib/workspace.mjs';

const LOSS_NAME = 'sparseCategoricalCrossentropy';

/** Error raised by train() before its first step, which lets the worker fall back to the minimal loop. */
class TrainBeforeFirstStepError extends Error {}

function parseWorkerArgs() {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      backend: { type: 'string' },
      capped: { type: 'boolean', default: false },
      loop: { type: 'string', default: 'train' },
      'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
      out: { type: 'string' },
    },
  });
  if (!['mlp', 'cnn'].includes(values.model)) throw new Error(`--model must be 'mlp' or 'cnn'; got ${values.model}.`);
  if (!['native', 'wasm', 'cpu'].includes(values.backend)) {
    throw new Error(`--backend must be 'native', 'wasm' or 'cpu'; got ${values.backend}.`);
  }
  if (!['train', 'minimal'].includes(values.loop)) {
    throw new Error(`--loop must be 'train' or 'minimal'; got ${values.loop}.`);
  }
  return { ...values, dataDir: path.resolve(values['data-dir']) };
}

/** Copies the dumped initial weights into `model`, layer by layer, checking names and shapes. */
function loadInitialWeights(tf, model, modelManifest, dataDir) {
  const expected = modelManifest.layers.map((layer) => `${layer.className} ${layer.name}`).join(', ');
  const actual = model.layers.map((layer) => `${layer.getClassName()} ${layer.name}`).join(', ');
  if (expected !== actual) {
    throw new Error(
      `the model's layers [${actual}] differ from the dumped layers [${expected}]; run bench/dump-mnist.mjs again.`,
    );
  }

  for (const described of modelManifest.layers) {
    if (described.weights.length === 0) continue;
    const layer = model.getLayer(described.name);
    const values = described.weights.map((weight, i) => {
      const shape = layer.weights[i]?.shape ?? [];
      if (shape.join(',') !== weight.shape.join(',')) {
        throw new Error(
          `${described.name} weight ${i} is [${shape}] in the model but [${weight.shape}] in ${weight.file}; ` +
            'run bench/dump-mnist.mjs again.',
        );
      }
      return tf.tensor(readEntry(dataDir, weight), weight.shape, 'float32');
    });
    try {
      layer.setWeights(values);
    } finally {
      tf.dispose(values);
    }
  }
}

/** Checks that train() will visit the examples in the dumped order, which PyTorch replays. */
function checkEpochOrders(core, protocol, orders) {
  const count = protocol.trainExamples;
  for (let epoch = 0; epoch < protocol.epochs; epoch++) {
    const expected = core.shuffledIndices(count, core.createRandom(protocol.seed, 'epoch', epoch));
    const dumped = orders.subarray(epoch * count, (epoch + 1) * count);
    if (expected.some((value, i) => value !== dumped[i])) {
      throw new Error(
        `order.i32 row ${epoch} differs from @essence/core's shuffle for epoch ${epoch}; run bench/dump-mnist.mjs again.`,
      );
    }
  }
}

/** Returns the mean loss and the accuracy of `model` in inference mode on the first `count` examples. */
function evaluate(tf, model, loss, data, count, batchSize) {
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const [batchLoss, batchCorrect] = tf.tidy(() => {
      const x = tf.tensor(data.x.subarray(start * 784, (start + size) * 784), [size, 28, 28, 1], 'float32');
      const labels = tf.tensor1d(data.y.subarray(start, start + size), 'int32');
      const logits = model.predict(x);
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'int32'));
      return [loss.compute(labels, logits).dataSync()[0], hits.dataSync()[0]];
    });
    lossSum += batchLoss * size;
    correct += batchCorrect;
  }
  return { examples: count, loss: lossSum / count, accuracy: correct / count };
}

/** Creates the optimizer through the core's registry, as the image classifier does. */
function createOptimizer(essence, protocol, backend) {
  const { learningRate, beta1, beta2, epsilon } = protocol;
  return essence.optimizers.resolve(protocol.optimizer).create({ learningRate, beta1, beta2, epsilon }, { backend });
}

/** Trains with @essence/core's train(), recording the time at which each batch ends. */
async function trainWithCore({ core, model, loss, optimizer, dataset, protocol, plan }) {
  const timing = { startMs: 0, batchEndMs: [], batchSizes: [], budgetStop: false };
  const timer = {
    name: 'bench-timer',
    onTrainBegin() {
      timing.startMs = performance.now();
    },
    onBatchEnd(logs, context) {
      const now = performance.now();
      timing.batchEndMs.push(now);
      timing.batchSizes.push(logs.size);
      const done = timing.batchEndMs.length;
      if (plan.capped && done === plan.totalBatches) context.stopTraining('capped run timed');
      if (budgetExceeded(protocol, plan, done, (now - timing.startMs) / 1000)) {
        timing.budgetStop = true;
        context.stopTraining('time budget reached');
      }
    },
  };

  let summary;
  try {
    summary = await core.train({
      model,
      modelOutput: 'logits',
      loss,
      optimizer,
      epochs: protocol.epochs,
      batchSize: protocol.batchSize,
      seed: protocol.seed,
      train: dataset,
      callbacks: [timer],
    });
  } catch (error) {
    if (timing.batchEndMs.length === 0) throw new TrainBeforeFirstStepError(error.message, { cause: error });
    throw error;
  }
  return { ...timing, epochLosses: summary.history.map((epoch) => epoch.metrics.loss) };
}

/** Trains with the minimal loop (see the file header), recording the time at which each batch ends. */
function trainMinimal({ tf, core, model, loss, optimizer, dataset, protocol, plan }) {
  const variables = model.trainableWeights.map((weight) => weight.read());
  const timing = { startMs: performance.now(), batchEndMs: [], batchSizes: [], budgetStop: false };
  const epochLosses = [];

  const finished = () => timing.batchEndMs.length >= plan.totalBatches || timing.budgetStop;
  for (let epoch = 0; epoch < protocol.epochs && !finished(); epoch++) {
    const order = core.shuffledIndices(dataset.size, core.createRandom(protocol.seed, 'epoch', epoch));
    let lossSum = 0;
    let seen = 0;
    for (const batch of core.iterateBatches(dataset, { order, batchSize: protocol.batchSize })) {
      let correct;
      try {
        const batchLoss = tf.tidy(() => {
          const { value, grads } = optimizer.computeGradients(() => {
            const logits = model.apply(batch.x, { training: true });
            correct = tf.keep(core.countCorrect(batch.y, logits, 'class-index', loss.input));
            return loss.compute(batch.y, logits);
          }, variables);
          const lossValue = value.dataSync()[0];
          optimizer.applyGradients(grads);
          return lossValue;
        });
        correct.dataSync();
        lossSum += batchLoss * batch.size;
        seen += batch.size;
      } finally {
        tf.dispose([batch.x, batch.y, correct]);
      }
      const now = performance.now();
      timing.batchEndMs.push(now);
      timing.batchSizes.push(batch.size);
      const done = timing.batchEndMs.length;
      if (done === plan.totalBatches) break;
      if (budgetExceeded(protocol, plan, done, (now - timing.startMs) / 1000)) {
        timing.budgetStop = true;
        break;
      }
    }
    epochLosses.push(lossSum / seen);
  }
  return { ...timing, epochLosses };
}

function describeThreads(backend, nativeInfo, wasmThreads) {
  if (backend === 'native' && nativeInfo !== undefined) {
    return nativeInfo.threadsPinned ? String(nativeInfo.maxThreads) : `auto, max ${nativeInfo.maxThreads}`;
  }
  if (backend === 'wasm') return String(wasmThreads ?? 1);
  return '1';
}

async function describeBackendThreads(backend) {
  if (backend === 'native') {
    const native = await importNativeBackend();
    const info = native?.binding.nativeInfo();
    return { threads: describeThreads(backend, info), backendInfo: info };
  }
  if (backend === 'wasm') {
    const wasm = await importWasmBackend();
    return { threads: describeThreads(backend, undefined, wasm.getThreadsCount()) };
  }
  return { threads: '1', backendInfo: { note: 'tfjs-backend-cpu runs its kernels in JavaScript on the main thread' } };
}

function readRowData(dataDir, manifest) {
  const train = {
    x: readEntry(dataDir, manifest.data.trainX),
    y: readEntry(dataDir, manifest.data.trainY),
    exampleShape: manifest.imageShape,
    targetShape: [],
    size: manifest.protocol.trainExamples,
  };
  const test = { x: readEntry(dataDir, manifest.data.testX), y: readEntry(dataDir, manifest.data.testY) };
  return { train, test };
}

/**
 * Trains with the requested loop and returns the batch timing; records the loop in `result`. When train() fails before
 * its first step, it replaces `session.optimizer` with a fresh one, restores the initial weights and uses the minimal
 * loop.
 */
async function trainWithLoop(inputs, session, result) {
  const { args, manifest, tf, essence, model, protocol } = inputs;
  if (args.loop === 'minimal') {
    result.loop = 'minimal';
    return trainMinimal({ ...inputs, optimizer: session.optimizer });
  }

  try {
    result.loop = 'train()';
    return await trainWithCore({ ...inputs, optimizer: session.optimizer });
  } catch (error) {
    if (!(error instanceof TrainBeforeFirstStepError)) throw error;
    // No optimizer step ran, but the optimizer may already hold state, so training starts over with a fresh one.
    session.optimizer.dispose();
    session.optimizer = createOptimizer(essence, protocol, inputs.backend);
    loadInitialWeights(tf, model, manifest.models[args.model], args.dataDir);
    result.loop = 'minimal';
    result.loopNote =
      `@essence/core train() failed before its first step, so the minimal loop was used: ${error.message}`;
    return trainMinimal({ ...inputs, optimizer: session.optimizer });
  }
}

/** Adds the speed, the training time and the capped state of a finished training to `result`. */
function recordTiming(result, timing, { plan, protocol, cappedByRequest }) {
  const done = timing.batchEndMs.length;
  if (timing.budgetStop) {
    result.plan = truncatePlan(plan, done);
    result.capped = true;
    result.cappedReason =
      `stopped after ${result.plan.runs} timed runs because the row ran past its ${protocol.rowBudgetSeconds} s budget`;
  } else if (cappedByRequest) {
    result.cappedReason = 'capped by request: too slow to train in full within the benchmark';
  }

  result.samplesPerSecond = summarizeRuns(result.plan, timing.startMs, timing.batchEndMs, timing.batchSizes);
  result.trainedBatches = done;
  result.measuredSeconds = (timing.batchEndMs.at(-1) - timing.startMs) / 1000;
  const fullSamples = plan.fullBatches * protocol.batchSize;
  result.trainSeconds = result.capped ? fullSamples / result.samplesPerSecond.median : result.measuredSeconds;
  result.trainSecondsExtrapolated = result.capped;
  result.status = result.capped ? 'capped' : 'measured';
}

/** Trains one row and returns its result object (see bench/README.md for the fields). */
async function runRow(args) {
  const { tf, core, imageClassifier } = await importWorkspace();
  const manifest = readDataManifest(args.dataDir);
  const { protocol } = manifest;
  const plan = timingPlan(protocol, args.model, args.capped);
  const result = { framework: 'essence', model: args.model, backend: args.backend, capped: args.capped, plan };

  let resolution;
  try {
    resolution = await core.resolveBackend({ requested: args.backend });
  } catch (error) {
    return { ...result, status: 'unavailable', reason: error.message };
  }
  Object.assign(result, await describeBackendThreads(resolution.name));

  const essence = core.createEssence();
  const model = buildBenchModel(imageClassifier, args.model, protocol.seed);
  const session = { optimizer: createOptimizer(essence, protocol, resolution.name) };
  try {
    loadInitialWeights(tf, model, manifest.models[args.model], args.dataDir);
    const loss = essence.losses.resolve(LOSS_NAME);
    try {
      await core.checkGradientKernels({ model, backend: resolution.name, loss });
    } catch (error) {
      if (error instanceof core.MissingKernelError) return { ...result, status: 'unsupported', reason: error.message };
      throw error;
    }

    const { train, test } = readRowData(args.dataDir, manifest);
    checkEpochOrders(core, protocol, readEntry(args.dataDir, manifest.data.order));
    result.initCheck = evaluate(tf, model, loss, test, protocol.initCheckExamples, protocol.evalBatchSize);
    result.optimizer = session.optimizer.constructor.name;

    const inputs = { args, manifest, tf, core, essence, model, loss, dataset: train, protocol, plan };
    const timing = await trainWithLoop({ ...inputs, backend: resolution.name }, session, result);
    recordTiming(result, timing, { plan, protocol, cappedByRequest: args.capped });
    if (!result.capped) {
      result.epochLosses = timing.epochLosses;
      result.test = evaluate(tf, model, loss, test, protocol.testExamples, protocol.evalBatchSize);
      result.testAccuracy = result.test.accuracy;
    }
    result.liveTensors = tf.memory().numTensors;
    return result;
  } finally {
    session.optimizer.dispose();
    model.dispose();
    await essence.dispose();
  }
}

async function main() {
  process.env.ESSENCE_LOG_LEVEL ??= 'silent';
  const args = parseWorkerArgs();
  let result;
  let exitCode = 0;
  try {
    result = await runRow(args);
  } catch (error) {
    const { model, backend } = args;
    result = { framework: 'essence', model, backend, status: 'failed', reason: error.message, stack: error.stack };
    exitCode = 1;
  }

  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (args.out === undefined) process.stdout.write(json);
  else writeFileSync(args.out, json);
  process.exitCode = exitCode;
}

await main();
