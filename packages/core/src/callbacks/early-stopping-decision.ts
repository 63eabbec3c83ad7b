import { isImprovement, worstValue } from './monitor.js';

/** Settings of the early-stopping decision. */
export interface EarlyStoppingRule {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  /** Epochs without improvement to wait before stopping; 0 stops at the first epoch without one. */
  readonly patience: number;
  /** Smallest change of the monitored value that counts as an improvement. */
  readonly minDelta: number;
  /** Value the monitored metric must beat before any epoch counts as an improvement. */
  readonly baseline?: number;
}

/** Progress of the decision between epochs. */
export interface EarlyStoppingState {
  readonly best: number;
  /** 0-based epoch of `best`, or -1 before any improvement. */
  readonly bestEpoch: number;
  /** Epochs since the last improvement. */
  readonly wait: number;
}

/** The outcome of one epoch: improved (a new best), wait (keep training) or stop. */
export interface EarlyStoppingDecision {
  readonly decision: 'improved' | 'wait' | 'stop';
  readonly reason: string;
  readonly state: EarlyStoppingState;
}

/** Returns the state before the first epoch: the best value is the baseline, or the worst possible value. */
export function initialEarlyStoppingState(rule: EarlyStoppingRule): EarlyStoppingState {
  return { best: rule.baseline ?? worstValue(rule.mode), bestEpoch: -1, wait: 0 };
}

/**
 * Decides whether training should stop after `epoch` given the monitored `value`. This is a pure function.
 *
 * As in Keras, an epoch improves when it beats the best value by more than `minDelta`. Otherwise `wait`
 * grows, and training stops once `wait` reaches `patience`.
 */
export function decideEarlyStopping(
  state: EarlyStoppingState,
  epoch: number,
  value: number,
  rule: EarlyStoppingRule,
): EarlyStoppingDecision {
  if (isImprovement(value, state.best, rule.mode, rule.minDelta)) {
    return {
      decision: 'improved',
      reason: `${rule.monitor} improved from ${state.best} to ${value} at epoch ${epoch}`,
      state: { best: value, bestEpoch: epoch, wait: 0 },
    };
  }

  const wait = state.wait + 1;
  const next = { ...state, wait };
  if (wait >= rule.patience) {
    return {
      decision: 'stop',
      reason:
        `${rule.monitor} did not improve on ${state.best} (epoch ${state.bestEpoch}) by more than ` +
        `${rule.minDelta} for ${wait} epoch(s); patience is ${rule.patience}`,
      state: next,
    };
  }

  return {
    decision: 'wait',
    reason: `${rule.monitor} is ${value}, no improvement on ${state.best} for ${wait}/${rule.patience} epoch(s)`,
    state: next,
  };
}
