import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { binding } from '../src/index.js';
import { FusedAdamOptimizer, createFusedOptimizer } from '../src/optimizers/index.js';
import { firstMismatch, registerNative, seededValues } from './compare-backends.js';
import type { Tolerance } from './compare-backends.js';

/** Tolerance for optimizer trajectories, although the fused updates repeat tfjs's float32 operations exactly. */
const TRAJECTORY_TOLERANCE: Tolerance = { rtol: 1e-5, atol: 1e-5 };

const STEPS = 20;

interface Problem {
  w: tf.Variable;
  b: tf.Variable;
  loss: () => tf.Scalar;
  dispose: () => void;
}

/** Builds a seeded least-squares problem y = xW + b on the active backend. */
function createProblem(): Problem {
  const w = tf.variable(tf.tensor(seededValues(20, 1), [5, 4]));
  const b = tf.variable(tf.tensor(seededValues(4, 2), [4]));
  const x = tf.tensor(seededValues(30, 3), [6, 5]);
  const y = tf.tensor(seededValues(24, 4), [6, 4]);
  return {
    w,
    b,
    loss: () => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y))),
    dispose: () => tf.dispose([w, b, x, y]),
  };
}

function snapshot(problem: Problem): Float32Array {
  return Float32Array.from([...problem.w.dataSync(), ...problem.b.dataSync()]);
}

/** Trains the problem for `steps` steps on `backendName` and returns the variables after every step. */
async function trajectory(backendName: string, makeOptimizer: () => tf.Optimizer, steps = STEPS): Promise<Float32Array[]> {
  await tf.setBackend(backendName);
  const problem = createProblem();
  const optimizer = makeOptimizer();
  try {
    const snapshots: Float32Array[] = [];
    for (let step = 0; step < steps; step++) {
      optimizer.minimize(problem.loss, false, [problem.w, problem.b]);
      snapshots.push(snapshot(problem));
    }
    return snapshots;
  } finally {
    optimizer.dispose();
    problem.dispose();
  }
}

function expectSameTrajectory(actual: Float32Array[], expected: Float32Array[], tolerance: Tolerance): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((values, step) => {
    expect({ step, mismatch: firstMismatch(actual[step] ?? new Float32Array(), values, tolerance) }).toEqual({
      step,
      mismatch: undefined,
    });
  });
}

const REFERENCES: { name: string; fused: () => tf.Optimizer; reference: () => tf.Optimizer }[] = [
  {
    name: 'adam',
    fused: () => createFusedOptimizer('adam', { learningRate: 0.01 }),
    reference: () => tf.train.adam(0.01),
  },
  {
    name: 'adam custom betas',
    fused: () => createFusedOptimizer('adam', { learningRate: 0.05, beta1: 0.8, beta2: 0.95, epsilon: 1e-4 }),
    reference: () => tf.train.adam(0.05, 0.8, 0.95, 1e-4),
  },
  {
    name: 'momentum',
    fused: () => createFusedOptimizer('momentum', { learningRate: 0.05, momentum: 0.9 }),
    reference: () => tf.train.momentum(0.05, 0.9),
  },
  {
    name: 'nesterov',
    fused: () => createFusedOptimizer('momentum', { learningRate: 0.05, momentum: 0.8, useNesterov: true }),
    reference: () => tf.train.momentum(0.05, 0.8, true),
  },
  {
    name: 'sgd',
    fused: () => createFusedOptimizer('sgd', { learningRate: 0.1 }),
    reference: () => tf.train.sgd(0.1),
  },
];

describe('fused optimizers', () => {
  beforeAll(registerNative);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(REFERENCES)('$name matches tfjs on native', async ({ fused, reference }) => {
    const expected = await trajectory('native', reference);
    const actual = await trajectory('native', fused);

    expectSameTrajectory(actual, expected, TRAJECTORY_TOLERANCE);
  });

  it.each(REFERENCES)('$name matches tfjs on cpu', async ({ fused, reference }) => {
    const expected = await trajectory('cpu', reference);
    const actual = await trajectory('native', fused);

    expectSameTrajectory(actual, expected, TRAJECTORY_TOLERANCE);
  });

  it('adam equals tfjs bit for bit', async () => {
    const expected = await trajectory('native', () => tf.train.adam(0.01));
    const actual = await trajectory('native', () => createFusedOptimizer('adam', { learningRate: 0.01 }));

    expect(actual).toEqual(expected);
  });

  it('adamw matches decoupled-decay reference', async () => {
    const expected = await trajectory('cpu', () => new DecoupledDecayReference(0.01, 0.1));
    const actual = await trajectory('native', () =>
      createFusedOptimizer('adamw', { learningRate: 0.01, weightDecay: 0.1 }),
    );

    expectSameTrajectory(actual, expected, TRAJECTORY_TOLERANCE);
  });

  it('adamw decays weights', async () => {
    const plain = await trajectory('native', () => createFusedOptimizer('adam', { learningRate: 0.01 }), 5);
    const decayed = await trajectory('native', () => createFusedOptimizer('adamw', { learningRate: 0.01 }), 5);

    const exact = { rtol: 0, atol: 0 };
    expect(firstMismatch(decayed[4] ?? new Float32Array(), plain[4] ?? new Float32Array(), exact)).toBeDefined();
  });

  it('adam runs natively in place', async () => {
    const adamUpdate = vi.spyOn(binding, 'adamUpdate');
    await tf.setBackend('native');
    const problem = createProblem();
    const optimizer = createFusedOptimizer('adam', { learningRate: 0.01 });
    optimizer.minimize(problem.loss, false, [problem.w, problem.b]);
    const dataId = problem.w.dataId;
    const tensorsBefore = tf.memory().numTensors;
    optimizer.minimize(problem.loss, false, [problem.w, problem.b]);

    expect(adamUpdate).toHaveBeenCalledTimes(4);
    expect(problem.w.dataId).toBe(dataId);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    optimizer.dispose();
    problem.dispose();
  });

  it('shared storage is copied', async () => {
    await tf.setBackend('native');
    const problem = createProblem();
    const optimizer = createFusedOptimizer('adam', { learningRate: 0.01 });
    const clone = tf.clone(problem.w);
    const before = Float32Array.from(clone.dataSync());
    optimizer.minimize(problem.loss, false, [problem.w, problem.b]);

    expect(Float32Array.from(clone.dataSync())).toEqual(before);
    expect(firstMismatch(Float32Array.from(problem.w.dataSync()), before, { rtol: 0, atol: 0 })).toBeDefined();
    clone.dispose();
    optimizer.dispose();
    problem.dispose();
  });

  it('slice-backed variable is copied', async () => {
    await tf.setBackend('native');
    const source = tf.tensor(seededValues(8, 12));
    const before = Float32Array.from(source.dataSync());
    const sliced = tf.slice(source, [2], [4]);
    const variable = tf.variable(sliced);
    // Disposing the slice leaves the variable as the only owner of its dataId, but the storage is still a view.
    sliced.dispose();
    const optimizer = createFusedOptimizer('sgd', { learningRate: 0.1 });
    optimizer.applyGradients([{ name: variable.name, tensor: tf.ones([4]) }]);

    expect(Float32Array.from(source.dataSync())).toEqual(before);
    expect(Array.from(variable.dataSync())).toEqual(Array.from(before.subarray(2, 6)).map((x) => Math.fround(x - 0.1)));
    tf.dispose([source, variable]);
    optimizer.dispose();
  });

  it.each([
    { name: 'adam', make: () => createFusedOptimizer('adam', { learningRate: 0.01 }) },
    { name: 'momentum', make: () => createFusedOptimizer('momentum', { learningRate: 0.05 }) },
  ])('$name weights round-trip', async ({ make }) => {
    const uninterrupted = await trajectory('native', make, 10);

    await tf.setBackend('native');
    const problem = createProblem();
    const first = make();
    for (let step = 0; step < 5; step++) first.minimize(problem.loss, false, [problem.w, problem.b]);
    const saved = (await first.getWeights()).map(({ name, tensor }) => ({ name, tensor: tf.clone(tensor) }));
    first.dispose();
    const second = make();
    await second.setWeights(saved);
    for (let step = 0; step < 5; step++) second.minimize(problem.loss, false, [problem.w, problem.b]);

    expect(firstMismatch(snapshot(problem), uninterrupted[9] ?? new Float32Array(), TRAJECTORY_TOLERANCE)).toBeUndefined();
    second.dispose();
    tf.dispose(saved.map(({ tensor }) => tensor));
    problem.dispose();
  });

  it('adam restores tfjs weights', async () => {
    await tf.setBackend('native');
    const problem = createProblem();
    const reference = tf.train.adam(0.01);
    for (let step = 0; step < 3; step++) reference.minimize(problem.loss, false, [problem.w, problem.b]);
    const fused = new FusedAdamOptimizer({ learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 });
    await fused.setWeights(await reference.getWeights());
    const names = (await fused.getWeights()).map(({ name }) => name);

    expect(names).toEqual((await reference.getWeights()).map(({ name }) => name));
    expect(fused.iterations).toBe(3);
    fused.dispose();
    reference.dispose();
    problem.dispose();
  });

  it('unknown name rejected', () => {
    expect(() => createFusedOptimizer('rmsprop', { learningRate: 0.1 })).toThrow(/no fused optimizer 'rmsprop'/);
  });

  it('beta of 1 rejected', () => {
    expect(() => createFusedOptimizer('adam', { learningRate: 0.1, beta1: 1 })).toThrow(
      /option beta1 must be a finite number in \[0, 1\)/,
    );
  });

  it('negative learning rate rejected', () => {
    expect(() => createFusedOptimizer('sgd', { learningRate: -1 })).toThrow(/learningRate must be a finite number >= 0/);
  });

  it('adamUpdate rejects short m', () => {
    const arrays = [4, 3, 4, 4, 4, 4, 4].map((length) => new Float32Array(length));
    const call = (): unknown =>
      (binding.adamUpdate as (...args: unknown[]) => unknown)(...arrays, 0.9, 0.999, 0.1, 0.001, 1e-7, 0.01, 1);
    expect(call).toThrow(/m has 3 elements; expected 4/);
  });

  it('momentumUpdate rejects missing flag', () => {
    const arrays = [2, 2, 2, 2, 2].map((length) => new Float32Array(length));
    const call = (): unknown => (binding.momentumUpdate as (...args: unknown[]) => unknown)(...arrays, 0.9, 0.1);
    expect(call).toThrow(/expects 8 arguments/);
  });
});

/** Reference AdamW from tfjs ops: scales each variable by 1 - lr * decay, then applies tf.train.adam's step. */
class DecoupledDecayReference extends tf.Optimizer {
  private readonly adam: tf.AdamOptimizer;

  constructor(
    private readonly learningRate: number,
    private readonly weightDecay: number,
  ) {
    super();
    this.adam = tf.train.adam(learningRate);
  }

  override applyGradients(variableGradients: Parameters<tf.Optimizer['applyGradients']>[0]): void {
    // tf.train.adam adds its step to the undecayed value, so the step is recovered and added to the decayed one.
    const names = Array.isArray(variableGradients)
      ? variableGradients.map(({ name }) => name)
      : Object.keys(variableGradients);
    const variables = names.map((name) => tf.engine().registeredVariables[name]);
    const before = variables.map((variable) => tf.clone(variable as tf.Variable));
    this.adam.applyGradients(variableGradients as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
    tf.tidy(() => {
      variables.forEach((variable, i) => {
        const original = before[i] as tf.Tensor;
        const step = tf.sub(variable as tf.Variable, original);
        variable?.assign(tf.add(step, tf.mul(original, 1 - this.learningRate * this.weightDecay)));
      });
    });
    tf.dispose(before);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {};
  }

  override dispose(): void {
    this.adam.dispose();
  }
}
