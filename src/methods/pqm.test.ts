import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, fixtures } from '../testing/fixtures';
import { sigmoid } from './numeric';
import { pqmBatchLoss, pqmBestOfN, pqmSequenceScore, pqmTrajectoryGrad, pqmTrajectoryLoss, pqmWeightedVote, pqmWrongSteps } from './pqm';

// Inputs of the §3.7 fixture.
const T1 = { q: [0.5, 1.0, -1.0, -2.0], labels: [1, 1, 0, 0] as (0 | 1)[] };
const T2 = { q: [0.2, 0.8], labels: [1, 1] as (0 | 1)[] };

/** The closed form of §3.4 written directly with exponentials (no log space), as an independent cross-check. */
function directLoss(q: number[], labels: (0 | 1)[], zeta: number, eps: number): number {
  const nW = q.reduce((s, v, k) => (labels[k] === 0 ? s + Math.exp(v + zeta) : s), 0);
  const terms: number[] = [];
  if (labels.includes(0)) terms.push(-Math.log(1 / (1 + nW + eps)));
  let earlier = 0;
  q.forEach((v, k) => {
    if (labels[k] !== 1) return;
    terms.push(-Math.log(Math.exp(v) / (Math.exp(v) + 1 + earlier + nW + eps)));
    earlier += Math.exp(v);
  });
  return terms.reduce((a, b) => a + b, 0) / terms.length;
}

const trajectory = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    q: fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: n, maxLength: n }),
    labels: fc.array(fc.constantFrom<0 | 1>(0, 1), { minLength: n, maxLength: n }),
  }),
);

describe('PQM comparative loss (§3.4)', () => {
  const f = fixtures.pqm;

  it('matches the fixture: terms, trajectory losses and batch loss', () => {
    const zeta = f.zeta as number;
    expectClose(pqmTrajectoryLoss(T1.q, T1.labels, { zeta }).terms, f.terms_traj0, 'terms_traj0');
    expectClose(pqmTrajectoryLoss(T2.q, T2.labels, { zeta }).terms, f.terms_traj1, 'terms_traj1');
    const batch = pqmBatchLoss([T1, T2], { zeta });
    expectClose(batch.perTrajectory, f.per_traj, 'per_traj');
    expectClose(batch.loss, f.batch_loss, 'batch_loss');
  });

  it(`agrees with the direct closed form on 2000 random trajectories (fixture note: "${fixtures.pqm_crosscheck}")`, () => {
    fc.assert(
      fc.property(trajectory, fc.constantFrom(0, 2, 4), ({ q, labels }, zeta) => {
        const logSpace = pqmTrajectoryLoss(q, labels, { zeta }).loss;
        expect(Math.abs(logSpace - directLoss(q, labels, zeta, 1e-5))).toBeLessThanOrEqual(1e-8 * Math.max(1, logSpace));
      }),
      { numRuns: 2000 },
    );
  });

  it('falls when the last correct step’s Q rises', () => {
    fc.assert(
      fc.property(trajectory, fc.double({ min: 0.01, max: 5, noNaN: true }), ({ q, labels }, delta) => {
        const last = labels.lastIndexOf(1);
        fc.pre(last >= 0);
        const raised = q.map((v, k) => (k === last ? v + delta : v));
        expect(pqmTrajectoryLoss(raised, labels).loss).toBeLessThan(pqmTrajectoryLoss(q, labels).loss);
      }),
    );
  });

  it('falls when every correct step’s Q rises together, and when a wrong step’s Q drops', () => {
    fc.assert(
      fc.property(trajectory, fc.double({ min: 0.01, max: 5, noNaN: true }), fc.nat(), ({ q, labels }, delta, pick) => {
        const base = pqmTrajectoryLoss(q, labels).loss;
        if (labels.includes(1)) {
          const raised = q.map((v, k) => (labels[k] === 1 ? v + delta : v));
          expect(pqmTrajectoryLoss(raised, labels).loss).toBeLessThan(base);
        }
        const wrong = labels.flatMap((l, k) => (l === 0 ? [k] : []));
        if (wrong.length > 0) {
          const w = wrong[pick % wrong.length];
          expect(
            pqmTrajectoryLoss(
              q.map((v, k) => (k === w ? v - delta : v)),
              labels,
            ).loss,
          ).toBeLessThan(base);
        }
      }),
    );
  });

  it('is a ranking loss: raising an early correct step far above a later one raises the loss', () => {
    // Q = [5, 0], both correct: step 1 now out-ranks step 2, which the loss penalises (§3.3 wants ascending Q).
    expect(pqmTrajectoryLoss([5.5, 0], [1, 1]).loss).toBeGreaterThan(pqmTrajectoryLoss([5, 0], [1, 1]).loss);
  });

  it('refuses mismatched labels and non-finite Q', () => {
    expect(() => pqmTrajectoryLoss([1, 2], [1])).toThrow(/lengths differ/);
    expect(() => pqmTrajectoryLoss([NaN], [1])).toThrow(/finite/);
    expect(() => pqmTrajectoryLoss([], [])).toThrow(/empty/);
  });
});

describe('PQM inference (§3.5, §3.6)', () => {
  it('scores by min or last Q, and σ(Q) matches the fixture', () => {
    const f = fixtures.pqm;
    expectClose([pqmSequenceScore(T1.q), pqmSequenceScore(T2.q)], f.infer_min_raw, 'infer_min_raw');
    expectClose([T1.q.map(sigmoid), T2.q.map(sigmoid)], f.infer_sigmoid, 'infer_sigmoid');
    expect(pqmSequenceScore(T1.q, 'last')).toBe(-2);
    expect(pqmWrongSteps(T1.q)).toEqual([false, false, true, true]);
  });

  it('Best-of-N picks C and the weighted vote picks "18" (the §3.7 numbers)', () => {
    const cands = [
      { q: [1.2, 0.8, 2.0], answer: '18' },
      { q: [0.5, -0.3], answer: '20' },
      { q: [1.0, 1.5, 0.9], answer: '18' },
    ];
    expect(pqmBestOfN(cands)).toBe(2);
    const vote = pqmWeightedVote(cands);
    expect(vote.answer).toBe('18');
    expect(vote.totals.get('18')).toBeCloseTo(1.400924, 5);
    expect(vote.totals.get('20')).toBeCloseTo(0.425557, 5);
    expect(() => pqmWeightedVote([])).toThrow(/empty/);
  });
});

describe('PQM loss gradient', () => {
  it('equals central finite differences of the loss on random trajectories', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -6, max: 6, noNaN: true }), fc.constantFrom<0 | 1>(0, 1)), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(0, 2, 4),
        (steps, zeta) => {
          const q = steps.map(([v]) => v);
          const labels = steps.map(([, l]) => l);
          const grad = pqmTrajectoryGrad(q, labels, { zeta });
          const h = 1e-5;
          q.forEach((_, k) => {
            const at = (delta: number) =>
              pqmTrajectoryLoss(
                q.map((v, i) => (i === k ? v + delta : v)),
                labels,
                { zeta },
              ).loss;
            expect(grad[k]).toBeCloseTo((at(h) - at(-h)) / (2 * h), 5);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
