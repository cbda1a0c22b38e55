/**
 * What each kind of credit gives a policy-gradient update (issue 18): one weight per completion token of every
 * rollout, its last token the end-of-text. The math is src/methods'; this file only says which of it each reward uses.
 * - outcome (RLVR / GRPO): the verifier's 0/1, group-normalised, on every token (methods.md §4.6, plain GRPO);
 * - orm: the ORM's answer score, group-normalised the same way;
 * - qrm, pqm, prm, implicit-prm: token credit (a step method's step score on each of its tokens), as REINFORCE
 *   rewards: divided by the batch std, the end-of-text token given its sequence's mean (methods.md §2.6);
 * - capo: W_whole·r_v − W_process·[token in a step the critiques vote wrong], token-pooled within the group (§4.5–4.6).
 */
import { tokenStepIndex } from '../domain/stepTokens';
import { characterTokens } from '../domain/tokenSpan';
import type { Trace } from '../domain/trace';
import { capoAdvantages, capoTokenRewards, grpoAdvantages, voteWrongSteps } from '../methods/capo';
import { qrmReinforceRewards } from '../methods/qrm';
import type { ScoreRun } from '../methods/scoreRun';

export const RL_REWARDS = ['outcome', 'orm', 'qrm', 'pqm', 'prm', 'implicit-prm', 'capo'] as const;
export type RlReward = (typeof RL_REWARDS)[number];

/** The shipped model each reward reads (none for the verifier's outcome). */
export const REWARD_MODEL: Record<RlReward, string | null> = {
  outcome: null,
  orm: 'arith-orm',
  qrm: 'arith-qrm',
  pqm: 'arith-pqm',
  prm: 'arith-prm',
  'implicit-prm': 'arith-dpo',
  capo: 'arith-critic',
};

/** One rollout: its trace (verified) and how many completion tokens it has, end-of-text included when it ended. */
export interface Rollout {
  trace: Trace;
  /** Completion tokens, one per response character, plus the end-of-text token when the sample ended. */
  tokens: number;
}

/** What a reward read for one rollout: a model's run, or the critiques' wrong-step lists (CAPO). */
export type RewardRead = { run: ScoreRun } | { critiques: (number[] | null)[] } | null;

/**
 * Token credit in the order of the response, with an end-of-text slot after it (REINFORCE replaces its value by the
 * sequence's mean). A step method's tokens outside every step take the score of the step before them, or the first;
 * so does the end-of-text slot. A token-level model that scored the end-of-text token too (Q-RM's read-out gives
 * `raw.scored`: the response's tokens and end-of-text) puts its own credit there, as the Q-RM authors' code does:
 * that value counts in the batch's std and in the sequence's mean before the end-of-text rule replaces it.
 */
function tokenCredit(rollout: Rollout, run: ScoreRun): number[] {
  const values = run.tokenScores.map((v, i, all) => v ?? all.slice(0, i).findLast((x) => x !== null) ?? all.find((x) => x !== null) ?? 0);
  if (values.length !== rollout.trace.response.length)
    throw new Error(`${run.modelId} gave ${values.length} token scores for ${rollout.trace.response.length} characters`);
  const scored = run.raw.scored;
  const eos =
    Array.isArray(scored) && scored.length === values.length + 1 && Number.isFinite(scored[values.length])
      ? Number(scored[values.length])
      : (values.at(-1) ?? 0);
  return [...values, eos];
}

/** Weights for every rollout of one update; `groups` lists each problem's rollouts by index into `rollouts`. */
export function tokenWeights(
  reward: RlReward,
  rollouts: readonly Rollout[],
  reads: readonly RewardRead[],
  groups: readonly number[][],
): number[][] {
  const weights: number[][] = rollouts.map(() => []);
  const outcome = (i: number) => (rollouts[i].trace.finalCorrect ? 1 : 0);
  const read = (i: number) => {
    const r = reads[i];
    if (!r) throw new Error(`rollout ${i} has no ${reward} read`);
    return r;
  };
  if (reward === 'outcome' || reward === 'orm') {
    for (const group of groups) {
      const scores = group.map((i) => {
        if (reward === 'outcome') return outcome(i);
        const r = read(i);
        if (!('run' in r) || r.run.traceScore === null) throw new Error(`rollout ${i}: the ORM gave no answer score`);
        return r.run.traceScore;
      });
      grpoAdvantages(scores).forEach((a, k) => (weights[group[k]] = Array<number>(rollouts[group[k]].tokens).fill(a)));
    }
    return weights;
  }
  if (reward === 'capo') {
    for (const group of groups) {
      const rewards = group.map((i) => {
        const r = read(i);
        if (!('critiques' in r)) throw new Error(`rollout ${i} has no critiques`);
        const { trace } = rollouts[i];
        // The end-of-text token lies in no step: it gets the outcome term only.
        const steps = [...tokenStepIndex(trace.steps, characterTokens(trace.response)), -1].slice(0, rollouts[i].tokens);
        return capoTokenRewards(steps, voteWrongSteps(r.critiques, trace.steps.length).wrong, outcome(i) === 1);
      });
      capoAdvantages(rewards).advantages.forEach((a, k) => (weights[group[k]] = a));
    }
    return weights;
  }
  const credit = rollouts.map((r, i) => {
    const got = read(i);
    if (!('run' in got)) throw new Error(`rollout ${i} has no ${reward} run`);
    return tokenCredit(r, got.run);
  });
  // Q-RM's Z has a meaningful zero; a PRM's probability or Q does not, so its batch mean is taken off first.
  const { rewards } = qrmReinforceRewards(credit, { subMean: reward !== 'qrm', eosRescore: true });
  // A sample cut off at the length limit has no end-of-text token: its slot is dropped.
  return rewards.map((r, i) => r.slice(0, rollouts[i].tokens));
}
