/** The aggregation explorer's roll-ups and table, on numbers worked by hand (methods.md §6, Aggregation). */
import { describe, expect, it } from 'vitest';
import { fromStepList } from '../domain/steps';
import type { Trace } from '../domain/trace';
import type { ScoreRun } from '../methods/scoreRun';
import { aggregationTable, solutionScore, tokenStepAggregates } from './aggregation';

const trace = (id: string, problem: string, stepTexts: string[], firstErrorStep: number): Trace => {
  const { response, steps } = fromStepList(stepTexts, '\n');
  return { id, source: 't', problem, response, steps, firstErrorStep, finalCorrect: firstErrorStep === -1, meta: {} };
};

/** A Q-RM run with one token per character, credit as given per character. */
const qrm = (t: Trace, credit: (i: number) => number): ScoreRun =>
  ({
    traceId: t.id,
    modelId: 'q',
    method: 'qrm',
    tokens: [...t.response].map((ch, i) => ({ id: i, text: ch, charStart: i, charEnd: i + 1, special: false })),
    tokenScores: [...t.response].map((_, i) => credit(i)),
    stepScores: null,
    traceScore: null,
  }) as unknown as ScoreRun; // only the fields the roll-up reads

describe('aggregation (§6)', () => {
  it('rolls token credit up per step four ways', () => {
    // Steps "ab" (characters 0–1) and "cde" (3–5); the newline (2) belongs to the first step.
    const t = trace('a', 'p', ['ab', 'cde'], 1);
    const agg = tokenStepAggregates(
      qrm(t, (i) => [1, 2, 0, -1, 4, -3][i]),
      t,
    );
    expect(agg).toEqual({ sum: [3, 0], mean: [1, 0], min: [0, -3], last: [0, -3] });
  });

  it('makes a solution score four ways; a product of probabilities, a sum of signed credit', () => {
    expect(solutionScore([0.9, 0.5], 'product', true)).toBeCloseTo(0.45, 12);
    expect(solutionScore([1, -3], 'product', false)).toBe(-2);
    expect([
      solutionScore([1, -3, 2], 'min', false),
      solutionScore([1, -3, 2], 'mean', false),
      solutionScore([1, -3, 2], 'last', false),
    ]).toEqual([-3, 0, 2]);
  });

  it('shows what each way does to Best-of-N and to how the score follows the length', () => {
    // Two candidates for one problem: the right one is long with steady credit, the wrong one short with a dip.
    const right = trace('r', 'p', ['aaaa', 'bbbb'], -1);
    const wrong = trace('w', 'p', ['cc', 'dd'], 1);
    const inputs = [right, wrong].map((t, k) => ({
      trace: t,
      steps: null,
      tokenSteps:
        k === 0 ? { sum: [4, 4], mean: [1, 1], min: [1, 1], last: [1, 1] } : { sum: [4, -4], mean: [2, -2], min: [2, -2], last: [2, -2] },
    }));
    const table = aggregationTable(inputs, false);
    expect(table).toHaveLength(16);
    const pick = (tokenAgg: string, stepAgg: string) => table.find((r) => r.tokenAgg === tokenAgg && r.stepAgg === stepAgg);
    // min of means: right 1, wrong −2 → BoN picks the right one. last of sums: right 4, wrong −4 → also right.
    expect(pick('mean', 'min')?.bon).toEqual({ accuracy: 1, n: 2, problems: 1 });
    // product (a sum here) of sums: right 8, wrong 0; the longer response scores higher: ρ = 1.
    expect(pick('sum', 'product')?.lengthRho).toBe(1);
    // F1 at the best τ: both traces' first errors found (τ between 1 and 2 for the means… and the dip at −2).
    expect(pick('mean', 'min')?.f1?.f1).toBe(100);
  });
});
