import { describe, expect, it } from 'vitest';

import {
  decideEarlyStopping,
  initialEarlyStoppingState,
  type EarlyStoppingDecision,
  type EarlyStoppingRule,
} from './early-stopping-decision.js';

/** Feeds `values` epoch by epoch and returns every decision. */
function decideAll(values: readonly number[], rule: EarlyStoppingRule): EarlyStoppingDecision[] {
  let state = initialEarlyStoppingState(rule);
  return values.map((value, epoch) => {
    const outcome = decideEarlyStopping(state, epoch, value, rule);
    state = outcome.state;
    return outcome;
  });
}

const minRule: EarlyStoppingRule = { monitor: 'val_loss', mode: 'min', patience: 2, minDelta: 0 };

interface DecisionCase {
  readonly name: string;
  readonly rule: EarlyStoppingRule;
  readonly values: number[];
  readonly decisions: EarlyStoppingDecision['decision'][];
}

const cases: readonly DecisionCase[] = [
  { name: 'steady improvement', rule: minRule, values: [1, 0.9, 0.8], decisions: ['improved', 'improved', 'improved'] },
  { name: 'stops after patience', rule: minRule, values: [1, 1.1, 1.2], decisions: ['improved', 'wait', 'stop'] },
  { name: 'improvement resets wait', rule: minRule, values: [1, 1.1, 0.9, 1, 1], decisions: ['improved', 'wait', 'improved', 'wait', 'stop'] },
  { name: 'patience zero stops at once', rule: { ...minRule, patience: 0 }, values: [1, 1], decisions: ['improved', 'stop'] },
  { name: 'equal value is no improvement', rule: minRule, values: [1, 1, 1], decisions: ['improved', 'wait', 'stop'] },
  { name: 'minDelta ignores small gains', rule: { ...minRule, minDelta: 0.05 }, values: [1, 0.97, 0.96], decisions: ['improved', 'wait', 'stop'] },
  { name: 'minDelta keeps large gains', rule: { ...minRule, minDelta: 0.05 }, values: [1, 0.9, 0.8], decisions: ['improved', 'improved', 'improved'] },
  { name: 'max mode', rule: { ...minRule, monitor: 'val_accuracy', mode: 'max' }, values: [0.5, 0.6, 0.6, 0.55], decisions: ['improved', 'improved', 'wait', 'stop'] },
  { name: 'baseline not beaten', rule: { ...minRule, baseline: 0.5 }, values: [0.7, 0.6], decisions: ['wait', 'stop'] },
  { name: 'baseline beaten', rule: { ...minRule, baseline: 0.5 }, values: [0.7, 0.4], decisions: ['wait', 'improved'] },
  { name: 'NaN never improves', rule: minRule, values: [1, Number.NaN, Number.NaN], decisions: ['improved', 'wait', 'stop'] },
];

describe('decideEarlyStopping', () => {
  it.each(cases)('$name', ({ rule, values, decisions }) => {
    expect(decideAll(values, rule).map((outcome) => outcome.decision)).toEqual(decisions);
  });

  it('tracks best epoch', () => {
    const outcomes = decideAll([1, 0.5, 0.7], minRule);

    expect(outcomes[2]?.state).toEqual({ best: 0.5, bestEpoch: 1, wait: 1 });
  });

  it('stop reason names monitor and patience', () => {
    const outcomes = decideAll([1, 1.1, 1.2], minRule);

    expect(outcomes[2]?.reason).toBe('val_loss did not improve on 1 (epoch 0) by more than 0 for 2 epoch(s); patience is 2');
  });

  it('does not change input state', () => {
    const state = initialEarlyStoppingState(minRule);

    decideEarlyStopping(state, 0, 1, minRule);

    expect(state).toEqual({ best: Number.POSITIVE_INFINITY, bestEpoch: -1, wait: 0 });
  });
});
