/** What one heatmap row shows: the values after normalisation, their colours and each token's place in the trace. */
import type { RunMethod, ScoreRun } from '../methods/scoreRun';
import { tokenStepIndex } from '../domain/stepTokens';
import { firstWrongStep, isTokenLevel, lowestTokenStep, stepTauOf, stepTauSource } from '../eval/stepVerdicts';
import { methodSpec } from '../methods/registry';
import type { Trace } from '../domain/trace';
import { normalizeRow, type Normalization } from '../domain/normalize';
import { divergingScale, sequentialScale, type ColorScale } from './colorScale';
import type { Palette } from '../domain/palette';

/** What a token shows: newlines and tabs as arrows, a whitespace-only token as dots, so it can be seen and hovered. */
export function visibleToken(text: string): string {
  return text
    .replace(/\n/g, '↵')
    .replace(/\t/g, '⇥')
    .replace(/^ +$/, (s) => '·'.repeat(s.length));
}

/** The words for where a first wrong step was read: "τ = −0.0406, the model card". */
export function stepRuleWords(run: ScoreRun): string {
  if (run.capo) return 'the critics’ vote';
  const tau = stepTauOf(run);
  return tau ? `τ = ${formatTau(tau.value)}, ${stepTauSource(tau)}` : 'no threshold';
}

const formatTau = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(3));

export interface MistakeVerdict {
  /** The first-error rule's reading (eval/stepVerdicts.ts `firstWrongStep`); null when the run says nothing about steps. */
  first: { found: boolean | null; text: string } | null;
  /** A token-level model's second reading, named as such: the step of its lowest-credit token. */
  lowest: string | null;
}

/**
 * What the row says about the trace's steps, in words a reader checks against the trace (steps counted from 1): its
 * first wrong step by the one first-error rule, checked against the truth when it is known; and, for token-level
 * credit, where its lowest-credit token lies, as a second reading with its own name. Null when there is nothing to say.
 */
export function mistakeVerdict(trace: Trace | null, run: ScoreRun): MistakeVerdict | null {
  const predicted = firstWrongStep(run);
  const lowestStep = trace && isTokenLevel(run.method) ? lowestTokenStep(trace, run) : null;
  const lowest =
    lowestStep === null ? null : `lowest-credit token: ${lowestStep >= 0 ? `in step ${lowestStep + 1}` : 'outside every step'}`;
  if (predicted === null) return lowest ? { first: null, lowest } : null;
  const says = predicted < 0 ? 'no step is wrong' : `first wrong step: step ${predicted + 1}`;
  const truth = trace?.firstErrorStep;
  const rule = ` (${stepRuleWords(run)})`;
  if (truth === undefined) return { first: { found: null, text: `${says}${rule}` }, lowest };
  const found = predicted === truth;
  const against = truth < 0 ? 'every step is right' : `the first mistake is step ${truth + 1}`;
  return { first: { found, text: `${says}${rule}; ${found ? 'right' : 'wrong'}: ${against}` }, lowest };
}

export interface ColorSettings {
  normalization: Normalization;
  palette: Palette;
  dark: boolean;
}

export interface TokenFacts {
  step: number;
  startsStep: boolean;
  wrongSpan: boolean;
  firstWrongStep: boolean;
  /** The token's credit rank, 1 = lowest, ties sharing the lowest; null without a value. */
  rank: number | null;
  of: number;
}

/** Where each token sits: its step, whether it starts one, whether it lies in the known wrong span or the first wrong step, and its rank. */
export function tokenFacts(run: ScoreRun, trace: Trace | null): TokenFacts[] {
  const owner = trace ? tokenStepIndex(trace.steps, run.tokens) : run.tokens.map(() => -1);
  const known = run.tokenScores.filter((v): v is number => v !== null).sort((a, b) => a - b);
  // Competition ranking: tied tokens share the lowest rank (step-level methods give every token of a step one value).
  const rankOf = (v: number | null) => {
    if (v === null) return null;
    let lo = 0;
    for (let hi = known.length; lo < hi;) {
      const mid = (lo + hi) >> 1;
      if (known[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  return run.tokens.map((t, i) => ({
    step: owner[i],
    startsStep: owner[i] >= 0 && owner[i] !== owner[i - 1],
    wrongSpan: (trace?.wrongSpans ?? []).some((w) => t.charStart < w.charEnd && t.charEnd > w.charStart),
    firstWrongStep: owner[i] >= 0 && owner[i] === trace?.firstErrorStep,
    rank: rankOf(run.tokenScores[i]),
    of: known.length,
  }));
}

export interface RowView {
  values: (number | null)[];
  scale: ColorScale;
  label: string;
}

/** Whether a row is drawn on a zero-centred map. */
export const isSigned = (method: RunMethod, normalization: Normalization) => normalization !== 'raw' || methodSpec(method).signed;

/** The colour scale that fits every value of several rows, so they share one picture (the pair view). */
export function sharedScale(rows: readonly (number | null)[][], signed: boolean, c: ColorSettings): ColorScale {
  const known = rows.flat().filter((v): v is number => v !== null);
  return signed ? divergingScale(known, c.palette, c.dark) : sequentialScale(known);
}

/** How the shown values were normalised, as words after the method's label. */
export const normalizationWords = (n: Normalization) =>
  n === 'raw' ? '' : n === 'z-score' ? ', z-scored within the trace' : ', sign only';

export function rowView(run: ScoreRun, c: ColorSettings, scale?: ColorScale): RowView {
  const values = normalizeRow(run.tokenScores, c.normalization);
  return {
    values,
    scale: scale ?? sharedScale([values], isSigned(run.method, c.normalization), c),
    label: `${methodSpec(run.method).label}${normalizationWords(c.normalization)}`,
  };
}
