import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { expectClose, fixtures } from '../testing/fixtures';
import { bestOfN, firstBelow, firstErrorAgreement, kendallTauB, pairwiseAccuracy, ranks, spearman, tokenAuroc } from './metrics';
import { processBenchF1, selectThreshold } from './datasetMetrics';

describe('ProcessBench (§6)', () => {
  it('matches the F1 fixture and the threshold-prediction fixture', () => {
    const f = fixtures.processbench;
    const score = processBenchF1([-1, 1, 2, 0, -1], [-1, -1, 2, 0, 3]);
    expectClose(score.accErr, f.acc_err, 'acc_err');
    expectClose(score.accCorr, f.acc_corr, 'acc_corr');
    expectClose(score.f1, f.f1, 'f1');
    expect(firstBelow([0.9, 0.7, 0.4, 0.8], 0.5)).toBe(fixtures.processbench_prm_pred);
    expect(firstBelow([0.9, 0.7], 0.5)).toBe(-1);
  });

  it('reports null, not NaN, when a class is missing', () => {
    const onlyCorrect = processBenchF1([-1, 2], [-1, -1]);
    expect(onlyCorrect).toMatchObject({ accErr: null, accCorr: 50, f1: null });
    expect(processBenchF1([1], [0]).f1).toBeNull();
    expect(processBenchF1([1, 0], [0, -1])).toMatchObject({ accErr: 0, accCorr: 0, f1: 0 });
    expect(() => processBenchF1([1], [1, 2])).toThrow(/lengths differ/);
  });

  it('selects the τ that maximises F1 and returns the whole sweep', () => {
    const steps = [
      [0.9, 0.8, 0.2],
      [0.9, 0.95],
      [0.3, 0.9],
      [0.7, 0.6],
    ];
    const labels = [2, -1, 0, -1];
    const choice = selectThreshold(steps, labels);
    expect(choice.f1).toBe(100);
    expect(steps.map((s) => firstBelow(s, choice.tau))).toEqual(labels);
    expect(choice.sweep.map((s) => s.tau)).toEqual([...choice.sweep.map((s) => s.tau)].sort((a, b) => a - b));
    expect(() => selectThreshold([[]], [-1])).toThrow(/no step scores/);
  });

  it('the interval sweep gives every candidate the F1 that trying it on every trace gives', () => {
    const naive = (steps: number[][], labels: number[]) =>
      selectThreshold(steps, labels).sweep.map(({ tau }) => ({
        tau,
        f1:
          processBenchF1(
            steps.map((s) => firstBelow(s, tau)),
            labels,
          ).f1 ?? 0,
      }));
    const trace = fc
      .array(
        fc.integer({ min: 0, max: 6 }).map((v) => v / 6),
        { minLength: 0, maxLength: 5 },
      )
      .chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: -1, max: s.length + 1 })));
    fc.assert(
      fc.property(fc.array(trace, { minLength: 1, maxLength: 12 }), (traces) => {
        const steps = traces.map(([s]) => s);
        const labels = traces.map(([, l]) => l);
        fc.pre(steps.some((s) => s.length));
        expect(selectThreshold(steps, labels).sweep).toEqual(naive(steps, labels));
      }),
      { numRuns: 400, seed: 27 },
    );
  });
});

describe('pairwise accuracy and Best-of-N (§2.4, §3.5)', () => {
  it('counts strict wins only', () => {
    expect(pairwiseAccuracy([1, 2, 3], [0, 2, 4])).toBeCloseTo(1 / 3, 12);
    expect(() => pairwiseAccuracy([], [])).toThrow(/empty/);
  });

  it('takes the first n candidates in sample order', () => {
    const problems = [
      [
        { score: 0.1, correct: false },
        { score: 0.9, correct: true },
      ],
      [
        { score: 0.5, correct: true },
        { score: 0.7, correct: false },
      ],
    ];
    expect(bestOfN(problems, 1)).toBe(0.5);
    expect(bestOfN(problems, 2)).toBe(0.5);
    expect(bestOfN([problems[0]], 2)).toBe(1);
    expect(() => bestOfN(problems, 0)).toThrow(/positive integer/);
  });
});

describe('token AUROC (§2.12)', () => {
  it('is 1 when every wrong token scores below every right one, ½ for ties, null without both classes', () => {
    expect(tokenAuroc([-2, -1, 1, 2], [true, true, false, false])).toBe(1);
    expect(tokenAuroc([0, 0], [true, false])).toBe(0.5);
    expect(tokenAuroc([3, -1, 1, 2], [true, false, false, false])).toBe(0);
    expect(tokenAuroc([1, 2], [false, false])).toBeNull();
  });
});

describe('rank agreement (§6)', () => {
  it('matches scipy’s documented examples', () => {
    // scipy.stats.spearmanr([1,2,3,4,5], [5,6,7,8,7]) and kendalltau([12,2,1,12,2], [1,4,7,1,0]).
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.47140452079103173, 12);
  });

  it('uses average ranks for ties and returns null for a constant vector', () => {
    expect(ranks([10, 20, 10, 30])).toEqual([1.5, 3, 1.5, 4]);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(kendallTauB([1, 1], [1, 2])).toBeNull();
    expect(() => spearman([1], [1])).toThrow(/at least two/);
    expect(() => kendallTauB([1, NaN], [1, 2])).toThrow(/finite/);
  });

  it('measures first-error agreement', () => {
    expect(firstErrorAgreement([-1, 2, 0], [-1, 1, 0])).toBeCloseTo(2 / 3, 12);
    expect(() => firstErrorAgreement([], [])).toThrow(/empty/);
  });
});
