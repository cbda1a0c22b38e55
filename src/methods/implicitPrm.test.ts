import { describe, expect, it } from 'vitest';
import { expectClose, fixtures } from '../testing/fixtures';
import {
  dpoPairLoss,
  implicitPrmCeLoss,
  implicitPrmQ,
  implicitPrmSequenceScore,
  implicitPrmStepRewards,
  implicitPrmTokenRewards,
} from './implicitPrm';

// Inputs of the §5.3 fixture.
const LOGP = [-0.5, -1.0, -0.2, -2.0, -0.1];
const REF = [-0.7, -1.0, -0.9, -1.0, -0.1];
const STEPS = [
  { start: 0, end: 2 },
  { start: 2, end: 4 },
  { start: 4, end: 5 },
];

describe('implicit PRM / DPO-RM (§5.3)', () => {
  const f = fixtures.implicit_prm;
  const r = implicitPrmTokenRewards(LOGP, REF, { beta: 0.1 });

  it('matches the fixture', () => {
    expectClose(r, f.r_tok, 'r_tok');
    expectClose(implicitPrmQ(r), f.q, 'q');
    expectClose(implicitPrmStepRewards(r, STEPS), f.step_rewards, 'step_rewards');
    expectClose(implicitPrmSequenceScore(r, STEPS, 'final-q'), f.seq_reward, 'seq_reward');
    expectClose(implicitPrmSequenceScore(r, STEPS), f.min_step, 'min_step');
    expectClose(implicitPrmCeLoss(implicitPrmSequenceScore(r, STEPS, 'final-q'), 1), f.ce_loss_label1, 'ce_loss_label1');
    expectClose(
      dpoPairLoss(fixtures.dpo_pair.ratio_w as number, fixtures.dpo_pair.ratio_l as number, 0.1),
      fixtures.dpo_pair.loss,
      'dpo_pair.loss',
    );
  });

  it('shifts each token to the next token’s log-ratio in repo-compat mode', () => {
    const shifted = implicitPrmTokenRewards(LOGP, REF, { beta: 0.1, repoCompatShift: true });
    expectClose(shifted, [...(f.r_tok as number[]).slice(1), 0]);
    expect(implicitPrmCeLoss(0.5, 0)).toBeCloseTo(implicitPrmCeLoss(-0.5, 1), 12);
  });

  it('refuses mismatched, empty or non-finite inputs', () => {
    expect(() => implicitPrmTokenRewards(LOGP, REF.slice(1))).toThrow(/lengths differ/);
    expect(() => implicitPrmTokenRewards([], [])).toThrow(/empty/);
    expect(() => implicitPrmTokenRewards([-Infinity], [0])).toThrow(/finite/);
    expect(() => implicitPrmStepRewards(r, [{ start: 4, end: 9 }])).toThrow(/outside/);
    expect(() => implicitPrmSequenceScore(r, [])).toThrow(/empty/);
  });
});
