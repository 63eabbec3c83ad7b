import { describe, expect, it } from 'vitest';

import { decidePlateau, initialPlateauState, type PlateauDecision, type PlateauRule } from './plateau-decision.js';

/** Feeds `values` epoch by epoch, applying each reduction, and returns every decision. */
function decideAll(values: readonly number[], rule: PlateauRule, learningRate = 0.1): PlateauDecision[] {
  let state = initialPlateauState(rule);
  let rate = learningRate;
  return values.map((value, epoch) => {
    const outcome = decidePlateau(state, epoch, value, rate, rule);
    state = outcome.state;
    rate = outcome.learningRate;
    return outcome;
  });
}

const rule: PlateauRule = {
  monitor: 'val_loss',
  mode: 'min',
  factor: 0.5,
  patience: 2,
  minDelta: 0,
  cooldown: 0,
  minLearningRate: 0,
};

interface PlateauCase {
  readonly name: string;
  readonly rule: PlateauRule;
  readonly values: number[];
  readonly decisions: PlateauDecision['decision'][];
  readonly rates: number[];
}

const cases: readonly PlateauCase[] = [
  {
    name: 'improving keeps rate',
    rule,
    values: [1, 0.9, 0.8],
    decisions: ['keep', 'keep', 'keep'],
    rates: [0.1, 0.1, 0.1],
  },
  {
    name: 'reduces after patience',
    rule,
    values: [1, 1, 1],
    decisions: ['keep', 'keep', 'reduce'],
    rates: [0.1, 0.1, 0.05],
  },
  {
    name: 'reduces again after patience',
    rule,
    values: [1, 1, 1, 1, 1],
    decisions: ['keep', 'keep', 'reduce', 'keep', 'reduce'],
    rates: [0.1, 0.1, 0.05, 0.05, 0.025],
  },
  {
    name: 'cooldown skips epochs',
    rule: { ...rule, patience: 1, cooldown: 2 },
    values: [1, 1, 1, 1, 1],
    decisions: ['keep', 'reduce', 'keep', 'keep', 'reduce'],
    rates: [0.1, 0.05, 0.05, 0.05, 0.025],
  },
  {
    name: 'clamps at minimum',
    rule: { ...rule, patience: 1, minLearningRate: 0.04 },
    values: [1, 1, 1, 1],
    decisions: ['keep', 'reduce', 'reduce', 'keep'],
    rates: [0.1, 0.05, 0.04, 0.04],
  },
  {
    name: 'minDelta ignores small gains',
    rule: { ...rule, minDelta: 0.1 },
    values: [1, 0.95, 0.92],
    decisions: ['keep', 'keep', 'reduce'],
    rates: [0.1, 0.1, 0.05],
  },
  {
    name: 'max mode',
    rule: { ...rule, monitor: 'val_accuracy', mode: 'max', patience: 1 },
    values: [0.5, 0.7, 0.6],
    decisions: ['keep', 'keep', 'reduce'],
    rates: [0.1, 0.1, 0.05],
  },
];

describe('decidePlateau', () => {
  it.each(cases)('$name', ({ rule: caseRule, values, decisions, rates }) => {
    const outcomes = decideAll(values, caseRule);

    expect(outcomes.map((outcome) => outcome.decision)).toEqual(decisions);
    outcomes.forEach((outcome, epoch) => expect(outcome.learningRate, `epoch ${epoch}`).toBeCloseTo(rates[epoch] ?? Number.NaN, 12));
  });

  it('reduce reason names rates', () => {
    const outcomes = decideAll([1, 1, 1], rule);

    expect(outcomes[2]?.reason).toBe(
      'val_loss did not improve on 1 for 2 epoch(s) (patience 2); learning rate 0.1 -> 0.05 after epoch 2',
    );
  });
});
