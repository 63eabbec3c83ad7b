// The training protocol every framework follows. dump-mnist.mjs copies it into .data/manifest.json, and both trainers
// (essence-train-worker.mjs and torch_train_speed.py) read it from there, so they cannot disagree.

/**
 * Returns the protocol of a full run, or of a smoke run on 1,280 training examples (`quick`) that checks the plumbing.
 *
 * Timing: the `epochs` of training are one sequence of batches, `trainExamples / batchSize` per epoch. The first
 * `warmupBatches` are not timed, and the next `runs * batchesPerRun` batches form `runs` timed runs. The run lengths
 * are chosen so that warm-up and runs cover the whole training exactly. Capped rows (too slow to train fully) time
 * only the first `warmupBatches + runs * batchesPerRun` batches given under `capped` and report no test accuracy.
 * A full row that exceeds `rowBudgetSeconds` is cut the same way (see {@link budgetExceeded}).
 */
export function createProtocol({ quick = false, rowBudgetSeconds } = {}) {
  const base = {
    batchSize: 64,
    optimizer: 'adam',
    learningRate: 1e-3,
    beta1: 0.9,
    beta2: 0.999,
    // tfjs's float32 backend epsilon, which tf.train.adam and the native fused Adam use by default.
    epsilon: 1e-7,
    loss: 'sparse categorical cross-entropy on logits, mean over the batch',
    seed: 42,
    testExamples: 10_000,
    evalBatchSize: 500,
    initCheckExamples: 500,
    // A full row that has run longer than this stops at the next run boundary once it has minRuns timed runs, and is
    // then reported as capped (no test accuracy, training time extrapolated).
    rowBudgetSeconds: rowBudgetSeconds ?? (quick ? 60 : 240),
    minRuns: 3,
  };

  if (quick) {
    return {
      ...base,
      quick: true,
      trainExamples: 1280,
      epochs: 2,
      warmupBatches: 4,
      runs: 3,
      batchesPerRun: 12,
      capped: {
        mlp: { warmupBatches: 1, runs: 3, batchesPerRun: 2 },
        cnn: { warmupBatches: 1, runs: 3, batchesPerRun: 1 },
      },
    };
  }
  // NOTE: on tfjs-backend-cpu 4.22 one CNN batch of 64 took about 2 minutes on a 2-core AMD EPYC (Conv2DBackpropFilter
  // dominates), so the capped cnn row takes about 8 minutes and train-speed.mjs runs it only with --cpu-cnn.
  return {
    ...base,
    quick: false,
    trainExamples: 8000,
    epochs: 2,
    warmupBatches: 25,
    runs: 5,
    batchesPerRun: 45,
    capped: {
      mlp: { warmupBatches: 2, runs: 3, batchesPerRun: 10 },
      cnn: { warmupBatches: 1, runs: 3, batchesPerRun: 1 },
    },
  };
}

/**
 * Returns the timing plan of one row: how many batches to train, how many of them are warm-up, and the runs.
 *
 * @throws Error when warm-up and runs do not fit into the training of a full row.
 */
export function timingPlan(protocol, model, capped) {
  const batchesPerEpoch = Math.ceil(protocol.trainExamples / protocol.batchSize);
  const fullBatches = batchesPerEpoch * protocol.epochs;
  const source = capped ? protocol.capped[model] : protocol;
  const timedBatches = source.warmupBatches + source.runs * source.batchesPerRun;
  if (timedBatches > fullBatches) {
    throw new Error(
      `timing plan for '${model}' needs ${timedBatches} batches, but ${protocol.epochs} epochs give only ` +
        `${fullBatches}; ` +
        'lower warmupBatches, runs or batchesPerRun in bench/lib/protocol.mjs.',
    );
  }

  return {
    capped,
    batchesPerEpoch,
    fullBatches,
    totalBatches: capped ? timedBatches : fullBatches,
    warmupBatches: source.warmupBatches,
    runs: source.runs,
    batchesPerRun: source.batchesPerRun,
  };
}

/**
 * Returns whether a full row should stop after `batchesDone` batches because it ran past `protocol.rowBudgetSeconds`:
 * only at the end of a timed run, and only once `protocol.minRuns` runs are complete.
 */
export function budgetExceeded(protocol, plan, batchesDone, elapsedSeconds) {
  if (plan.capped || elapsedSeconds <= protocol.rowBudgetSeconds) return false;
  const timed = batchesDone - plan.warmupBatches;
  const runEnded = timed > 0 && timed % plan.batchesPerRun === 0;
  return runEnded && timed / plan.batchesPerRun >= protocol.minRuns && batchesDone < plan.totalBatches;
}

/**
 * Returns the plan of a row that stopped early after `batchesDone` batches: the completed runs only.
 */
export function truncatePlan(plan, batchesDone) {
  const runs = (batchesDone - plan.warmupBatches) / plan.batchesPerRun;
  return { ...plan, capped: true, totalBatches: batchesDone, runs };
}

/**
 * Returns samples/s per timed run and their median, min and max from the time at which each batch ended.
 *
 * `startMs` is the time just before the first batch, `batchEndMs[i]` the time after batch i's optimizer step, and
 * `batchSizes[i]` its number of examples. A run's time spans from the end of the batch before it to the end of its
 * last batch, so the data loading of its first batch is included.
 */
export function summarizeRuns(plan, startMs, batchEndMs, batchSizes) {
  const perRun = [];
  for (let run = 0; run < plan.runs; run++) {
    const first = plan.warmupBatches + run * plan.batchesPerRun;
    const last = first + plan.batchesPerRun - 1;
    const begin = first === 0 ? startMs : batchEndMs[first - 1];
    let samples = 0;
    for (let i = first; i <= last; i++) samples += batchSizes[i];
    perRun.push(samples / ((batchEndMs[last] - begin) / 1000));
  }
  const sorted = [...perRun].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs: perRun };
}
