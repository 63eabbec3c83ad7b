import { isImprovement, worstValue } from './monitor.js';

/** Settings of the reduce-on-plateau decision. */
export interface PlateauRule {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  /** Factor the learning rate is multiplied by, in (0, 1). */
  readonly factor: number;
  /** Epochs without improvement before the learning rate is reduced. */
  readonly patience: number;
  /** Smallest change of the monitored value that counts as an improvement. */
  readonly minDelta: number;
  /** Epochs to wait after a reduction before counting epochs without improvement again. */
  readonly cooldown: number;
  /** Lower bound of the learning rate. */
  readonly minLearningRate: number;
}

/** Progress of the decision between epochs. */
export interface PlateauState {
  readonly best: number;
  /** Epochs since the last improvement, outside cooldown. */
  readonly wait: number;
  /** Epochs of cooldown left. */
  readonly cooldownLeft: number;
}

/** The outcome of one epoch and the learning rate to use from the next epoch on. */
export interface PlateauDecision {
  readonly decision: 'reduce' | 'keep';
  readonly reason: string;
  readonly learningRate: number;
  readonly state: PlateauState;
}

/** Returns the state before the first epoch. */
export function initialPlateauState(rule: PlateauRule): PlateauState {
  return { best: worstValue(rule.mode), wait: 0, cooldownLeft: 0 };
}

/**
 * Decides whether to reduce the learning rate after `epoch`; a pure function modelled on Keras'
 * `ReduceLROnPlateau`.
 *
 * The `cooldown` epochs after a reduction are not counted. After that, each epoch without an improvement
 * of more than `minDelta` increments `wait`, and at `patience` the rate becomes
 * `max(learningRate * factor, minLearningRate)`, cooldown starts and `wait` resets. A rate already at
 * `minLearningRate` is kept. Keras 3 (`keras/src/callbacks/reduce_lr_on_plateau.py`) differs in one
 * detail: it already counts the last cooldown epoch, so its cooldown skips one epoch fewer.
 */
export function decidePlateau(
  state: PlateauState,
  epoch: number,
  value: number,
  learningRate: number,
  rule: PlateauRule,
): PlateauDecision {
  const inCooldown = state.cooldownLeft > 0;
  const cooldownLeft = inCooldown ? state.cooldownLeft - 1 : 0;

  if (isImprovement(value, state.best, rule.mode, rule.minDelta)) {
    return keep(`${rule.monitor} improved to ${value} at epoch ${epoch}`, learningRate, { best: value, wait: 0, cooldownLeft });
  }
  if (inCooldown) {
    return keep(`in cooldown, ${cooldownLeft} epoch(s) left`, learningRate, { ...state, wait: 0, cooldownLeft });
  }

  const wait = state.wait + 1;
  if (wait < rule.patience) {
    return keep(`${rule.monitor} did not improve for ${wait}/${rule.patience} epoch(s)`, learningRate, { ...state, wait, cooldownLeft });
  }
  if (learningRate <= rule.minLearningRate) {
    return keep(`learning rate is already at its minimum ${rule.minLearningRate}`, learningRate, { ...state, wait, cooldownLeft });
  }

  const reduced = Math.max(learningRate * rule.factor, rule.minLearningRate);
  return {
    decision: 'reduce',
    reason:
      `${rule.monitor} did not improve on ${state.best} for ${wait} epoch(s) (patience ${rule.patience}); ` +
      `learning rate ${learningRate} -> ${reduced} after epoch ${epoch}`,
    learningRate: reduced,
    state: { best: state.best, wait: 0, cooldownLeft: rule.cooldown },
  };
}

function keep(reason: string, learningRate: number, state: PlateauState): PlateauDecision {
  return { decision: 'keep', reason, learningRate, state };
}
