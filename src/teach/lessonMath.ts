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

/**
 * Lesson 7's check: which of two accuracy curves (index = update) is higher at the last update both have reached.
 * 0: the token-credit run, 1: the outcome-only run, 2: level (or nothing to compare yet).
 */
export function higherCurve(tokenCredit: readonly number[], outcomeOnly: readonly number[]): 0 | 1 | 2 {
  const at = Math.min(tokenCredit.length, outcomeOnly.length) - 1;
  if (at < 0 || tokenCredit[at] === outcomeOnly[at]) return 2;
  return tokenCredit[at] > outcomeOnly[at] ? 0 : 1;
}
