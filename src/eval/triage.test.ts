/** Triage keys on hand-made columns: each sort and filter against a count done by hand. */
import { describe, expect, it } from 'vitest';
import {
  groupFlips,
  modelsWrong,
  NO_LABEL,
  NO_PREDICTION,
  percentileGap,
  scorePercentiles,
  scoreVsLabel,
  stepGap,
  triageOrder,
  type TriageColumns,
} from './triage';

// Four traces, two models. Trace 0: A says step 1 (index 0), B says none, on 4 steps (gap 4). Trace 1: both step 3.
// Trace 2: A says step 2, B none, 3 steps (gap 2). Trace 3: only scores.
const columns = (): TriageColumns => ({
  n: 4,
  m: 2,
  first: Int32Array.from([0, -1, 2, 2, 1, -1, NO_PREDICTION, NO_PREDICTION]),
  score: Float64Array.from([0.1, 0.9, 0.5, 0.4, 0.3, 0.8, 0.7, 0.2]),
  label: Int32Array.from([0, 2, -1, NO_LABEL]),
  steps: Int32Array.from([4, 5, 3, 2]),
  length: Int32Array.from([40, 50, 30, 20]),
  group: Int32Array.from([0, 0, -1, -1]),
});

describe('triage', () => {
  const c = columns();
  const pct = scorePercentiles(c);

  it('percentiles put each model’s scores on 0 to 1', () => {
    // Model A: 0.1, 0.5, 0.3, 0.7 → ranks 0, 2, 1, 3 of 3. Model B: 0.9, 0.4, 0.8, 0.2 → 3, 1, 2, 0.
    expect([...pct]).toEqual([0, 1, 2 / 3, 1 / 3, 1 / 3, 2 / 3, 1, 0]);
  });

  it('step gap: "no step is wrong" sits just after the last step', () => {
    expect([0, 1, 2, 3].map((i) => stepGap(c, i))).toEqual([4, 0, 2, 0]);
    expect(percentileGap(c, pct, 0)).toBe(1);
  });

  it('disagreement first: step gaps, then rank gaps', () => {
    expect([...triageOrder(c, pct, { sort: 'disagreement', descending: true, filter: 'all' }).order]).toEqual([0, 2, 3, 1]);
    // Trace 1: same first error, percentiles 2/3 and 1/3: it still disagrees, by a third. Equal scores would not.
    expect([...triageOrder(c, pct, { sort: 'disagreement', descending: true, filter: 'disagree' }).order]).toEqual([0, 2, 3, 1]);
    const same = { ...columns(), score: Float64Array.from([0.1, 0.1, 0.5, 0.5, 0.3, 0.3, 0.7, 0.7]) };
    expect([...triageOrder(same, scorePercentiles(same), { sort: 'disagreement', descending: true, filter: 'disagree' }).order]).toEqual([
      0, 2,
    ]);
  });

  it('models wrong against the label, and score minus label', () => {
    // Trace 0 (first error step 1): A right, B wrong. Trace 1: both right. Trace 2 (correct): A says step 2, B none.
    expect([0, 1, 2, 3].map((i) => modelsWrong(c, pct, i))).toEqual([1, 0, 1, -1]);
    expect(scoreVsLabel(c, pct, 0)).toBe(1);
    expect([...triageOrder(c, pct, { sort: 'models-wrong', descending: true, filter: 'all' }).order]).toEqual([0, 2, 1, 3]);
    const allWrong = { ...columns(), first: Int32Array.from([1, -1, 2, 2, 1, 0, NO_PREDICTION, NO_PREDICTION]) };
    expect([...triageOrder(allWrong, pct, { sort: 'file', descending: false, filter: 'all-wrong' }).order]).toEqual([0, 2]);
  });

  it('rank flips within a pair: two models preferring opposite sides flip both', () => {
    expect([...groupFlips(c)]).toEqual([1, 1, 0, 0]);
  });

  it('gives each ordered trace its value under the sort', () => {
    expect([...triageOrder(c, pct, { sort: 'length', descending: true, filter: 'all' }).values]).toEqual([50, 40, 30, 20]);
  });

  it('first-error position, length, file order, and a search', () => {
    expect([...triageOrder(c, pct, { sort: 'first-error', descending: false, filter: 'all' }).order]).toEqual([0, 1, 2, 3]);
    expect([...triageOrder(c, pct, { sort: 'length', descending: true, filter: 'all' }).order]).toEqual([1, 0, 2, 3]);
    expect([...triageOrder(c, pct, { sort: 'file', descending: false, filter: 'has-error' }, (i) => i !== 0).order]).toEqual([1]);
  });
});
