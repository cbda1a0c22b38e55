/** What one heatmap row shows: the values after normalisation, their colours and each token's place in the trace. */
import type { RunMethod, ScoreRun } from '../methods/scoreRun';
import { tokenStepIndex } from '../domain/stepTokens';
import { foundMistake, isTokenLevel, lowestCreditToken, predictedFirstError } from '../eval/stepVerdicts';
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

/**
 * Whether the row found the trace's known first mistake, in words a reader checks against the trace (steps counted
 * from 1). Null when nothing is known, or the method says nothing about where (an ORM).
 */
export function mistakeVerdict(trace: Trace | null, run: ScoreRun): { found: boolean; text: string } | null {
  if (!trace || trace.firstErrorStep === undefined) return null;
  const first = trace.firstErrorStep;
  const tokenLevel = isTokenLevel(run.method);
  if (first < 0) {
    if (tokenLevel) return null;
    const predicted = predictedFirstError(run);
    if (predicted === null) return null;
    return predicted < 0
      ? { found: true, text: 'calls every step right, as it is' }
      : { found: false, text: `flags step ${predicted + 1}, but every step is right` };
  }
  const found = foundMistake(trace, run);
  if (found === null) return null;
  if (found)
    return {
      found,
      text: tokenLevel ? `found the mistake: lowest credit in step ${first + 1}` : `found the first mistake, step ${first + 1}`,
    };
  if (tokenLevel) {
    const at = lowestCreditToken(run);
    const step = tokenStepIndex(trace.steps, run.tokens)[at];
    return { found, text: `missed: lowest credit in ${step >= 0 ? `step ${step + 1}` : 'no step'}, the mistake is in step ${first + 1}` };
  }
  const predicted = predictedFirstError(run);
  return {
    found,
    text: `missed: ${predicted === null || predicted < 0 ? 'calls every step right' : `flags step ${predicted + 1}`}, the first mistake is step ${first + 1}`,
  };
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
