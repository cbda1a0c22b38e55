import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, fixtures } from '../testing/fixtures';
import {
  capoAdvantages,
  capoTokenRewards,
  grpoAdvantages,
  parseWrongSteps,
  reviewWrongSteps,
  stepVerdict,
  tokenStepsFromCounts,
  voteWrongSteps,
} from './capo';

// Inputs of the §4.8 fixture.
const CRITIQUES = [
  [1, 3],
  [1, 2, 3],
  [1, 3],
  [2, 3],
];
const A_STEPS = tokenStepsFromCounts([3, 2, 2, 1]);
const B_STEPS = tokenStepsFromCounts([2, 2, 2]);
const W = { wWhole: 2, wProcess: 1 };

describe('CAPO voting (§4.4)', () => {
  const f = fixtures.capo;

  it('counts votes and merges them by union, intersection and majority as in the fixture', () => {
    expect(voteWrongSteps(CRITIQUES, 4, 'majority').counts).toEqual(f.counts);
    expect(voteWrongSteps(CRITIQUES, 4, 'union').wrong).toEqual(f.union);
    expect(voteWrongSteps(CRITIQUES, 4, 'intersection').wrong).toEqual(f.intersection);
    expect(voteWrongSteps(CRITIQUES, 4).wrong).toEqual(f.majority);
  });

  it('drops abstaining critiques, and all-abstain falls back to the outcome alone', () => {
    const vote = voteWrongSteps([[1], null, [1, 2]], 3, 'intersection');
    expect(vote).toMatchObject({ wrong: [1], voters: 2, abstained: 1, allAbstained: false });
    expect(voteWrongSteps([null, null], 3)).toMatchObject({ wrong: [], allAbstained: true });
  });

  it('intersection ⊆ majority ⊆ union for every set of critiques', () => {
    const critique = fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 7 }), { maxLength: 8 }), { nil: null });
    fc.assert(
      fc.property(fc.array(critique, { maxLength: 10 }), fc.double({ min: 0, max: 0.99, noNaN: true }), (critiques, tau) => {
        const inter = voteWrongSteps(critiques, 8, 'intersection', tau).wrong;
        const major = voteWrongSteps(critiques, 8, 'majority', tau).wrong;
        const union = voteWrongSteps(critiques, 8, 'union', tau).wrong;
        expect(inter.every((k) => major.includes(k))).toBe(true);
        expect(major.every((k) => union.includes(k))).toBe(true);
      }),
    );
  });
});

describe('CAPO critique parsing (§4.3)', () => {
  it('parses the §4.8 cases', () => {
    expect(parseWrongSteps('…analysis…\nWrong steps: [1, 3]', 4)).toEqual([1, 3]);
    expect(parseWrongSteps('Wrong steps: []', 4)).toEqual([]);
    expect(parseWrongSteps('Wrong steps: [1, 7, 1]', 4)).toEqual([1]);
    expect(parseWrongSteps('Wrong steps: [0]\nOn reflection… Wrong steps: [2]', 4)).toEqual([2]);
    expect(parseWrongSteps('Step 2 looks off to me.', 4)).toBeNull();
  });

  it('abstains on garbage or only-hallucinated indices instead of reading them as "all correct"', () => {
    expect(parseWrongSteps('Wrong steps: [two, three]', 4)).toBeNull();
    expect(parseWrongSteps('Wrong steps: [9, 12]', 4)).toBeNull();
    expect(parseWrongSteps('Wrong steps: [-1, 2.5, 3]', 4)).toEqual([3]);
  });

  it('reads a step-by-step review: the §4.3 example, and a step with no verdict makes it abstain', () => {
    const words = ['ok', 'wrong'] as const;
    const verdicts = [' ok', ' wrong', 'ok ', ' wrong'].map((w) => stepVerdict(w, words));
    expect(verdicts).toEqual(['right', 'wrong', 'right', 'wrong']);
    expect(reviewWrongSteps(verdicts)).toEqual([1, 3]);
    expect(reviewWrongSteps(['right', 'right'])).toEqual([]);
    expect(stepVerdict(' okay', words)).toBeNull();
    expect(reviewWrongSteps(['right', stepVerdict(' w', words)])).toBeNull();
    expect(reviewWrongSteps([])).toBeNull();
  });
});

describe('CAPO token rewards and advantages (§4.5, §4.6)', () => {
  const f = fixtures.capo;
  const wrongA = voteWrongSteps(CRITIQUES, 4).wrong;
  const RA = capoTokenRewards(A_STEPS, wrongA, true, W);
  const RB = capoTokenRewards(B_STEPS, [2], false, W);

  it('matches the fixture rewards, including the §4.8 union and intersection variants', () => {
    expectClose(RA, f.R_A, 'R_A');
    expectClose(RB, f.R_B, 'R_B');
    expect(capoTokenRewards(A_STEPS, voteWrongSteps(CRITIQUES, 4, 'union').wrong, true, W)).toEqual([2, 2, 2, 1, 1, 1, 1, 1]);
    expect(capoTokenRewards(A_STEPS, voteWrongSteps(CRITIQUES, 4, 'intersection').wrong, true, W)).toEqual([2, 2, 2, 2, 2, 2, 2, 1]);
    expect(capoTokenRewards(A_STEPS, wrongA, false, W)).toEqual([0, 0, 0, -1, -1, 0, 0, -1]);
  });

  it('matches the token-pooled and response-pooled advantages and plain GRPO', () => {
    for (const [mode, key] of [
      ['token', 'token_pooled'],
      ['response', 'response_pooled'],
    ] as const) {
      const adv = capoAdvantages([RA, RB], mode, 1e-6);
      const want = f[key] as Record<string, number[] & number>;
      expectClose(adv.mu, want.mu, `${key}.mu`);
      expectClose(adv.sd, want.sd, `${key}.sd`);
      expectClose(adv.advantages[0], want.A_A, `${key}.A_A`);
      expectClose(adv.advantages[1], want.A_B, `${key}.A_B`);
    }
    expectClose(grpoAdvantages([1, 0], 1e-6), f.grpo_outcome_only, 'grpo_outcome_only');
  });

  it('gives EOS (no step) the outcome term only, and zero advantages to a degenerate group', () => {
    expect(capoTokenRewards([0, 0, -1], [0], true, W)).toEqual([1, 1, 2]);
    expect(capoAdvantages([[2, 2], [2]]).degenerate).toBe(true);
    expect(capoAdvantages([[2, 2], [2]]).advantages).toEqual([[0, 0], [0]]);
    expect(grpoAdvantages([1, 1])).toEqual([0, 0]);
  });

  it('orders the four regimes whenever W_whole > W_process > 0, for both outcome encodings', () => {
    const weights = fc
      .tuple(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }))
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => ({ wWhole: Math.max(a, b), wProcess: Math.min(a, b) }));
    fc.assert(
      fc.property(weights, fc.constantFrom('zero-one' as const, 'plus-minus-one' as const), (w, outcome) => {
        const steps = [0, 1];
        const [correctClean] = capoTokenRewards(steps, [], true, { ...w, outcome });
        const [correctWrong] = capoTokenRewards(steps, [0], true, { ...w, outcome });
        const [incorrectClean] = capoTokenRewards(steps, [], false, { ...w, outcome });
        const [incorrectWrong] = capoTokenRewards(steps, [0], false, { ...w, outcome });
        expect(correctClean).toBeGreaterThan(correctWrong);
        expect(correctWrong).toBeGreaterThan(incorrectClean);
        expect(incorrectClean).toBeGreaterThan(incorrectWrong);
      }),
    );
  });

  it('refuses empty responses and bad step counts', () => {
    expect(() => capoTokenRewards([], [], true)).toThrow(/empty/);
    expect(() => capoAdvantages([[1], []])).toThrow(/empty/);
    expect(() => capoAdvantages([[1, NaN]])).toThrow(/finite/);
    expect(() => tokenStepsFromCounts([2, -1])).toThrow(/non-negative/);
  });
});
