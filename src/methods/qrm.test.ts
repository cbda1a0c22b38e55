import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, fixtures, padRows } from '../testing/fixtures';
import { MethodError } from './errors';
import {
  qrmBatchLoss,
  qrmPairLoss,
  qrmPpoAdvantages,
  qrmReinforceRewards,
  qrmSequenceScore,
  qrmStepScores,
  qrmVocabHead,
  reinforceLoss,
} from './qrm';

// Inputs of the worked fixture, methods.md §2.11.
const ZW = [1.0, 2.0, 0.5, 1.5];
const ZL = [0.5, -1.0, 0.0];
const BATCH = [ZW, ZL];
const LOGP = [
  [-0.1, -0.5, -2.0, -0.2],
  [-1.0, -0.3, -0.7],
];
const REF_LOGP = [
  [-0.2, -0.5, -1.5, -0.2],
  [-1.0, -0.6, -0.7],
];
const V = [
  [0.2, 0.4, 0.1, 0.3],
  [-0.2, 0.0, 0.2],
];

describe('Q-RM pair loss (§2.4)', () => {
  const f = fixtures.qrm_train;
  const r = qrmPairLoss(ZW, ZL, { beta: 0.2, gamma: 2.0 });

  it('matches the fixture', () => {
    expectClose(r.meanW, f.mean_w, 'mean_w');
    expectClose(r.meanL, f.mean_l, 'mean_l');
    expectClose(r.u, f.u, 'u');
    expectClose(r.loss, f.loss, 'loss');
    expectClose(r.gradW, f.grad_w, 'grad_w');
    expectClose(r.gradL, f.grad_l, 'grad_l');
    expect(r.correct).toBe(f.pair_correct);
  });

  it('has the gradient a finite difference gives', () => {
    const h = 1e-6;
    const bumped = qrmPairLoss(
      ZW.map((z, t) => (t === 2 ? z + h : z)),
      ZL,
    ).loss;
    expect((bumped - r.loss) / h).toBeCloseTo(r.gradW[2], 5);
  });

  it('is unchanged when a constant is added to every Z', () => {
    const z = fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(z, z, fc.double({ min: -1000, max: 1000, noNaN: true }), (zw, zl, c) => {
        const base = qrmPairLoss(zw, zl).loss;
        const shifted = qrmPairLoss(
          zw.map((v) => v + c),
          zl.map((v) => v + c),
        ).loss;
        expect(Math.abs(shifted - base)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(base)));
      }),
    );
  });

  it('skips pairs with an empty response in a batch, and refuses a batch with nothing left', () => {
    const batch = qrmBatchLoss([
      { zw: ZW, zl: ZL },
      { zw: [], zl: ZL },
    ]);
    expect(batch.used).toBe(1);
    expect(batch.skipped).toBe(1);
    expectClose(batch.loss, fixtures.qrm_train.loss);
    expect(() => qrmBatchLoss([{ zw: [], zl: [] }])).toThrow(MethodError);
  });

  it('refuses empty or non-finite scores with a typed error', () => {
    expect(() => qrmPairLoss([], ZL)).toThrow(/chosen Z is empty/);
    expect(() => qrmPairLoss([1, NaN], ZL)).toThrow(expect.objectContaining({ code: 'non-finite' }));
    expect(() => qrmSequenceScore([Infinity])).toThrow(MethodError);
  });
});

describe('Q-RM REINFORCE rewards (§2.6)', () => {
  it('normalises by the batch std and re-scores EOS as in the fixture', () => {
    const f = fixtures.qrm_reinforce;
    const r = qrmReinforceRewards(BATCH);
    expectClose(r.std, f.std, 'std');
    expectClose(padRows(r.normalized, 5), f.rewards_norm, 'rewards_norm');
    expectClose(padRows(r.rewards, 5), f.rewards_after_eos, 'rewards_after_eos');
    expectClose(reinforceLoss(r.rewards, LOGP), f.pg_loss, 'pg_loss');
    expect(r.guardFired).toBe(false);
  });

  it('subtracts the global mean when asked', () => {
    const f = fixtures.qrm_reinforce_submean;
    const r = qrmReinforceRewards(BATCH, { subMean: true });
    expectClose(r.mean, f.mean, 'mean');
    expectClose(padRows(r.normalized, 5), f.rewards, 'rewards');
  });

  it('can leave EOS alone, and guards a zero std instead of dividing by it', () => {
    expect(qrmReinforceRewards(BATCH, { eosRescore: false }).rewards).toEqual(qrmReinforceRewards(BATCH, { eosRescore: false }).normalized);
    const flat = qrmReinforceRewards([[2, 2, 2]]);
    expect(flat.guardFired).toBe(true);
    expect(flat.rewards).toEqual([[2, 2, 2]]);
  });

  it('refuses mismatched rewards and log-probs', () => {
    expect(() => reinforceLoss([[1, 2]], [[-1]])).toThrow(expect.objectContaining({ code: 'length-mismatch' }));
    expect(() => reinforceLoss([[1]], [[-1], [-2]])).toThrow(MethodError);
    expect(() => qrmReinforceRewards([[1], []])).toThrow(/empty/);
  });
});

describe('Q-RM PPO advantages (§2.7)', () => {
  it('matches the fixture', () => {
    const f = fixtures.qrm_ppo;
    const r = qrmPpoAdvantages(BATCH, V, LOGP, REF_LOGP, { klCoef: 0.01, valueCoef: 0.01 });
    expectClose(r.stdV, f.std_V, 'std_V');
    expectClose(padRows(r.rewards, 5), f.rewards, 'rewards');
    expectClose(padRows(r.vNorm, 5), f.V_norm, 'V_norm');
    expectClose(padRows(r.advantages, 5), f.advantages, 'advantages');
    expectClose(padRows(r.returns, 5), f.returns, 'returns');
  });

  it('drops the KL term when no reference is used', () => {
    const r = qrmPpoAdvantages(BATCH, V, LOGP, REF_LOGP, { useKl: false });
    expectClose(padRows(r.rewards, 5), fixtures.qrm_reinforce.rewards_norm);
  });

  it('refuses a critic of the wrong length', () => {
    expect(() => qrmPpoAdvantages(BATCH, [[0.1], [0.2, 0.3, 0.4]], LOGP, REF_LOGP)).toThrow(/Z vs V/);
  });
});

describe('Q-RM step scores (§2.8) and the experimental vocabulary head (§2.9)', () => {
  const spans = [
    { start: 0, end: 2 },
    { start: 2, end: 4 },
  ];

  it('aggregates by mean, min and sum (the §2.11 numbers)', () => {
    expect(qrmStepScores(ZW, spans)).toEqual([1.5, 1.0]);
    expect(qrmStepScores(ZW, spans, 'min')).toEqual([1.0, 0.5]);
    expect(qrmStepScores(ZW, spans, 'sum')).toEqual([3.0, 2.0]);
    expect(qrmSequenceScore(ZW)).toBe(1.25);
  });

  it('refuses empty or out-of-range steps', () => {
    expect(() => qrmStepScores(ZW, [{ start: 1, end: 1 }])).toThrow(/step 0 is empty/);
    expect(() => qrmStepScores(ZW, [{ start: 3, end: 9 }])).toThrow(/outside/);
  });

  it('gives V, A and φ of the §2.9 fixture', () => {
    const row = [1.0, 2.0, 0.5, -1.0];
    const one = qrmVocabHead(row, 1, 1);
    expect(one.V).toBeCloseTo(2.495182, 5);
    expect(one.A).toBeCloseTo(-0.495182, 5);
    expect(one.phi).toBeCloseTo(0.60946, 5);
    const small = qrmVocabHead(row, 1, 0.2);
    expect(small.V).toBeCloseTo(2.001453, 5);
    expect(small.phi).toBeCloseTo(0.992761, 5);
    expect(() => qrmVocabHead(row, 4, 1)).toThrow(/outside/);
    expect(() => qrmVocabHead(row, 0, 0)).toThrow(/β/);
  });
});
