/**
 * The numbers the Teach lessons show that need no model: PQM's comparative loss on a toy set of Q values, the votes
 * of N oracle critiques, a group of answers to one problem, and the per-token advantages that GRPO, CAPO and Q-RM
 * give them. Everything comes from src/methods; nothing is typed in by hand.
 */
import type { Problem } from '../arith/problem';
import { corrupt, type Corruption } from '../arith/corrupt';
import { formatResponse } from '../arith/format';
import { solve } from '../arith/problem';
import { arithExample, arithTrace } from '../arith/traces';
import { oracleCritiques } from '../methods/oracleCritic';
import { seededRandom } from '../domain/random';
import { tokenStepIndex } from '../domain/stepTokens';
import { characterTokens } from '../domain/tokenSpan';
import type { Trace } from '../domain/trace';
import { capoAdvantages, capoTokenRewards, grpoAdvantages, voteWrongSteps } from '../methods/capo';
import { pqmTrajectoryLoss } from '../methods/pqm';
import { qrmReinforceRewards } from '../methods/qrm';
import type { VoteMode } from '../methods/settings';

/** A toy trajectory for the PQM lesson: four steps, the third is the first wrong one. */
export const PQM_TOY = { q: [1.2, 0.9, -0.2, -0.7], labels: [1, 1, 0, 0] as (0 | 1)[] };

/** PQM's loss on the toy Q values at margin ζ, and how it moves when each Q moves a little (which way training pushes). */
export function pqmLesson(zeta: number, q: readonly number[] = PQM_TOY.q) {
  const { loss } = pqmTrajectoryLoss(q, PQM_TOY.labels, { zeta });
  const h = 1e-4;
  const push = q.map((_, k) => {
    const up = q.map((v, j) => (j === k ? v + h : v));
    return -(pqmTrajectoryLoss(up, PQM_TOY.labels, { zeta }).loss - loss) / h;
  });
  return { loss, push };
}

export interface VoteRow {
  n: number;
  /** Steps voted wrong under each rule with the first n critiques. */
  wrong: Record<VoteMode, number[]>;
  /** Whether each rule marks exactly the true first wrong step first. */
  finds: Record<VoteMode, boolean>;
}

/** N oracle critiques at a noise rate, then for every n ≤ N the union, intersection and majority of the first n. */
export const voteLesson = (trace: Trace, n: number, noise: number, seed: number): VoteRow[] =>
  voteRows(
    trace,
    oracleCritiques(trace, n, noise, seed).map((c) => c.wrongSteps),
  );

/** For every n, the union, intersection and majority of the first n critiques' wrong steps (null: no verdict). */
export function voteRows(trace: Trace, critiques: readonly (number[] | null)[]): VoteRow[] {
  const modes: VoteMode[] = ['union', 'intersection', 'majority'];
  return critiques.map((_, i) => {
    const wrong = Object.fromEntries(
      modes.map((m) => [m, voteWrongSteps(critiques.slice(0, i + 1), trace.steps.length, m).wrong]),
    ) as Record<VoteMode, number[]>;
    const finds = Object.fromEntries(
      modes.map((m) => [m, wrong[m].length > 0 && Math.min(...wrong[m]) === trace.firstErrorStep]),
    ) as Record<VoteMode, boolean>;
    return { n: i + 1, wrong, finds };
  });
}

/** Four answers to one problem: the gold one and three mistakes, labelled by the verifier. */
export function answerGroup(seed: number): { problem: Problem; traces: Trace[] } {
  const { problem } = arithExample(seed, 'carried-forward');
  const rand = seededRandom(seed + 1);
  const kinds: Corruption[] = ['arithmetic-slip', 'recovered', 'wrong-operation'];
  const traces = [
    arithTrace('group-gold', problem, formatResponse(solve(problem), problem.answer)),
    ...kinds.map((kind) => {
      const c = corrupt(problem, kind, rand);
      return arithTrace(`group-${kind}`, problem, formatResponse(c.steps, c.answer));
    }),
  ];
  return { problem, traces };
}

export interface GroupAdvantages {
  /** GRPO: one number per answer, the same on every token. */
  grpo: number[];
  /** CAPO with the true wrong steps (a noise-free critic): per token. */
  capo: number[][];
  /** Q-RM: per token, the model's Z divided by the group's standard deviation (its REINFORCE rewards, methods.md §2.6). */
  qrm: number[][] | null;
}

/** The advantages each method gives every token of the group (methods.md §4.6, §2.6). `z` is Q-RM's per-token output, per answer. */
export function groupAdvantages(traces: readonly Trace[], z: readonly (readonly number[])[] | null): GroupAdvantages {
  const outcomes = traces.map((t) => (t.finalCorrect ? 1 : 0));
  const capoRewards = traces.map((t) => {
    const wrong = t.steps.flatMap((s, k) => (s.label === 'wrong' ? [k] : []));
    return capoTokenRewards(tokenStepIndex(t.steps, characterTokens(t.response)), wrong, t.finalCorrect === true);
  });
  return {
    grpo: grpoAdvantages(outcomes),
    capo: capoAdvantages(capoRewards).advantages,
    qrm: z ? qrmReinforceRewards(z).rewards : null,
  };
}

/** Mean and sample standard deviation of one reward's runs over seeds (sd 0 for a single seed) (methods.md §6). */
export function seedSpread(values: readonly number[]): { mean: number; sd: number; n: number } {
  const n = values.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : NaN;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}

/**
 * Each run's held-out accuracy at the last update that every run of both groups has reached: the numbers lesson 7 and
 * the Lab compare over seeds (index = update in each curve) (methods.md §6).
 */
export function atCommonUpdate(...groups: (readonly (readonly number[])[])[]): { update: number; values: number[][] } {
  const update = Math.min(...groups.flat().map((c) => c.length)) - 1;
  return { update, values: groups.map((g) => (update < 0 ? [] : g.map((c) => c[update]))) };
}

/**
 * Lesson 7's check, over seeds: 0 when the token-credit runs' mean accuracy is higher than the outcome-only runs' by
 * more than the spread, 1 when lower by more, 2 when the difference is within it or there is nothing to compare yet.
 * The spread is two standard errors of the difference of the two means, 2·√(sd₁²/n₁ + sd₂²/n₂); with one seed each
 * it is 0, and any difference decides (methods.md §6).
 */
export function higherOverSeeds(
  tokenCredit: readonly number[],
  outcomeOnly: readonly number[],
): { answer: 0 | 1 | 2; diff: number; spread: number } {
  const [a, b] = [seedSpread(tokenCredit), seedSpread(outcomeOnly)];
  if (!a.n || !b.n) return { answer: 2, diff: 0, spread: 0 };
  const diff = a.mean - b.mean;
  const spread = 2 * Math.sqrt(a.sd ** 2 / a.n + b.sd ** 2 / b.n);
  return { answer: Math.abs(diff) <= spread || diff === 0 ? 2 : diff > 0 ? 0 : 1, diff, spread };
}
