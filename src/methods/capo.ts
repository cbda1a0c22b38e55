/** CAPO (Xie, Shi et al., 2025): an LLM critic's step critiques, merged by voting, become token rewards. */
import { APP_VERSION } from '../domain/appVersion';
import { fail } from '../domain/errors';
import { tokenStepIndex } from '../domain/stepTokens';
import type { TokenSpan } from '../domain/tokenSpan';
import type { Trace } from '../domain/trace';
import { MethodError, requireFinite, requireNonEmpty } from './errors';
import type { MethodSpec } from './method';
import type { Critique, ScoreRun } from './scoreRun';
import { mean, populationStd } from './numeric';
import { SETTINGS, type VoteMode } from './settings';

/**
 * The wrong steps a critique names: the last `Wrong steps: [...]` list, integers in [0, K) kept and de-duplicated.
 * Returns null (the critique abstains) when no list parses, or when the list names only garbage or out-of-range
 * steps; an empty list is a valid "all correct" vote (methods.md §4.3).
 */
export function parseWrongSteps(critique: string, stepCount: number): number[] | null {
  const matches = [...critique.matchAll(/Wrong steps:\s*\[([^\]]*)\]/g)];
  const last = matches.at(-1);
  if (!last) return null;
  const items = last[1]
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) return [];
  const valid = items
    .filter((s) => /^\d+$/.test(s))
    .map(Number)
    .filter((k) => k < stepCount);
  if (valid.length === 0) return null;
  return [...new Set(valid)].sort((a, b) => a - b);
}

/**
 * A step-by-step review's verdict on one step: the words the critic wrote after the step, trimmed, against the card's
 * two verdict words (right first). Anything else is no verdict (null), and the review abstains (methods.md §4.3).
 */
export function stepVerdict(written: string, verdicts: readonly [string, string]): 'right' | 'wrong' | null {
  const word = written.trim();
  return word === verdicts[0].trim() ? 'right' : word === verdicts[1].trim() ? 'wrong' : null;
}

/** The wrong steps of a step-by-step review (0-based), or null when a step has no verdict (methods.md §4.3). */
export function reviewWrongSteps(verdicts: readonly ('right' | 'wrong' | null)[]): number[] | null {
  if (!verdicts.length || verdicts.includes(null)) return null;
  return verdicts.flatMap((v, k) => (v === 'wrong' ? [k] : []));
}

export interface VoteResult {
  /** Steps voted wrong, ascending. */
  wrong: number[];
  /** n_k: how many non-abstaining critiques named step k. */
  counts: number[];
  voters: number;
  abstained: number;
  /** Every critique abstained: the response falls back to its outcome reward alone (methods.md §4.3). */
  allAbstained: boolean;
}

/** Union (n_k ≥ 1), intersection (n_k = N') or majority (n_k / N' > τ, strict) over non-abstaining critiques (methods.md §4.4). */
export function voteWrongSteps(
  critiques: readonly (readonly number[] | null)[],
  stepCount: number,
  mode: VoteMode = SETTINGS['capo.vote'].default,
  tau: number = SETTINGS['capo.voteTau'].default,
): VoteResult {
  const voting = critiques.filter((c): c is readonly number[] => c !== null);
  const counts = Array.from({ length: stepCount }, (_, k) => voting.filter((c) => c.includes(k)).length);
  const n = voting.length;
  const isWrong = (c: number) => (mode === 'union' ? c >= 1 : mode === 'intersection' ? n > 0 && c === n : n > 0 && c / n > tau);
  return {
    wrong: counts.flatMap((c, k) => (isWrong(c) ? [k] : [])),
    counts,
    voters: n,
    abstained: critiques.length - n,
    allAbstained: n === 0,
  };
}

export interface CapoRewardOptions {
  wWhole: number;
  wProcess: number;
  outcome: 'zero-one' | 'plus-minus-one';
}

/**
 * R_t = W_whole·rv − W_process·1[t in a wrong step]. `tokenStep` gives each token's step (−1 for none, e.g. EOS,
 * which gets the outcome term only); `correct` is the verifier's verdict (methods.md §4.5).
 */
export function capoTokenRewards(
  tokenStep: readonly number[],
  wrongSteps: readonly number[],
  correct: boolean,
  options: Partial<CapoRewardOptions> = {},
): number[] {
  const { wWhole, wProcess, outcome } = {
    wWhole: SETTINGS['capo.wWhole'].default,
    wProcess: SETTINGS['capo.wProcess'].default,
    outcome: SETTINGS['capo.outcome'].default,
    ...options,
  };
  requireNonEmpty(tokenStep, 'response tokens');
  requireFinite([wWhole, wProcess], 'CAPO weights');
  const rv = correct ? 1 : outcome === 'plus-minus-one' ? -1 : 0;
  const wrong = new Set(wrongSteps);
  return tokenStep.map((k) => wWhole * rv - (wrong.has(k) ? wProcess : 0));
}

export interface GroupAdvantages {
  mu: number;
  sd: number;
  advantages: number[][];
  /** σ ≈ 0: every advantage is set to 0, as GRPO does when all outcomes are equal (methods.md §4.6). */
  degenerate: boolean;
}

/**
 * Group-normalised advantages A = (R − μ)/(σ + ε): μ, σ over all tokens of the group (token-pooled) or over the
 * response means (response-pooled) (methods.md §4.6).
 */
export function capoAdvantages(
  group: readonly (readonly number[])[],
  mode: 'token' | 'response' = SETTINGS['capo.advantage'].default,
  eps: number = SETTINGS['capo.eps'].default,
): GroupAdvantages {
  requireNonEmpty(group, 'group');
  group.forEach((r, i) => {
    requireNonEmpty(r, `response ${i} rewards`);
    requireFinite(r, `response ${i} rewards`);
  });
  const pool = mode === 'token' ? group.flat() : group.map((r) => mean(r));
  const mu = mean(pool);
  const sd = populationStd(pool);
  const degenerate = sd <= eps;
  const advantages = group.map((r) => r.map((x) => (degenerate ? 0 : (x - mu) / (sd + eps))));
  return { mu, sd, advantages, degenerate };
}

/** Plain GRPO for contrast: A_i = (rv_i − mean rv)/(std rv + ε), the same for every token of response i (methods.md §4.6). */
export function grpoAdvantages(outcomes: readonly number[], eps: number = SETTINGS['capo.eps'].default): number[] {
  requireNonEmpty(outcomes, 'outcomes');
  const mu = mean(outcomes, 'outcomes');
  const sd = populationStd(outcomes, 'outcomes');
  if (sd <= eps) return outcomes.map(() => 0);
  return outcomes.map((r) => (r - mu) / (sd + eps));
}

/** Token step indices from per-step token counts, for responses whose steps are contiguous (methods.md §4.8). */
export function tokenStepsFromCounts(counts: readonly number[]): number[] {
  if (counts.some((c) => !Number.isInteger(c) || c < 0))
    throw new MethodError('invalid-argument', `step token counts must be non-negative integers: ${counts.join(', ')}`);
  return counts.flatMap((c, k) => Array<number>(c).fill(k));
}

export interface CapoOptions {
  vote: VoteMode;
  voteTau: number;
  reward: Partial<CapoRewardOptions>;
}

export const DEFAULT_CAPO: CapoOptions = { vote: SETTINGS['capo.vote'].default, voteTau: SETTINGS['capo.voteTau'].default, reward: {} };

/** Room for a review: the shipped critic names the wrong lines in well under 120 tokens. */
export const CRITIQUE_MAX_TOKENS = 160;

/** The verdict on the final answer: the verifier's when known, else the answer against the gold one. */
function outcomeOf(trace: Trace): boolean {
  if (trace.finalCorrect !== undefined) return trace.finalCorrect;
  if (trace.answer !== undefined && trace.goldAnswer !== undefined) return trace.answer.trim() === trace.goldAnswer.trim();
  fail('input-invalid', 'CAPO needs the outcome: this trace has no verdict and no gold answer.', 'Add the gold answer to the trace.');
}

/** Votes the critiques and turns the verdict into per-token rewards over `tokens`, offsets into the response (methods.md §4.4–§4.5). */
export function capoRun(
  trace: Trace,
  tokens: TokenSpan[],
  critiques: Critique[],
  options: CapoOptions,
  facts: { modelId: string; device: string; timingMs: ScoreRun['timingMs']; bytesRead: number },
): ScoreRun {
  const votes = voteWrongSteps(
    critiques.map((c) => c.wrongSteps),
    trace.steps.length,
    options.vote,
    options.voteTau,
  );
  const outcome = outcomeOf(trace);
  const rewards = tokens.length ? capoTokenRewards(tokenStepIndex(trace.steps, tokens), votes.wrong, outcome, options.reward) : [];
  return {
    traceId: trace.id,
    modelId: facts.modelId,
    method: 'capo-critic',
    device: facts.device,
    dtype: 'float32',
    tokens,
    tokenScores: rewards,
    stepScores: votes.counts.map((c) => (votes.voters ? c / votes.voters : 0)),
    traceScore: rewards.length ? rewards.reduce((a, b) => a + b, 0) / rewards.length : null,
    raw: { votes: votes.counts },
    capo: { critiques, votes: { counts: votes.counts, voters: votes.voters, abstained: votes.abstained, wrong: votes.wrong }, outcome },
    timingMs: facts.timingMs,
    bytesRead: facts.bytesRead,
    appVersion: APP_VERSION,
  };
}

export const CAPO_METHOD: MethodSpec = {
  name: 'CAPO',
  label: 'CAPO token reward from the voted critiques',
  credit: 'signed',
  tokenLevel: false,
  stepScores: 'vote-share-wrong',
  stepThreshold: null,
  onCard: true,
  reads: ['vocab-logits'],
  settings: ['capo.vote', 'capo.voteTau', 'capo.numCritiques', 'capo.wWhole', 'capo.wProcess', 'capo.outcome'],
};
