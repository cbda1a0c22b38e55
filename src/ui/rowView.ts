/** What one heatmap row shows: the values after normalisation, their colours and each token's place in the trace. */
import type { RunMethod, ScoreRun } from '../methods/scoreRun';
import { tokenStepIndex } from '../domain/stepTokens';
import { firstWrongStep, isTokenLevel, lowestTokenStep, stepTauOf, stepTauSource } from '../eval/stepVerdicts';
import { methodSpec } from '../methods/registry';
import type { Trace } from '../domain/trace';
import { normalizeRow, type Normalization } from '../domain/normalize';
import { centredScale, sequentialScale, type ColorScale } from './colorScale';
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
  first: { found: boolean | null; text: string; step: number } | null;
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
  if (truth === undefined) return { first: { found: null, text: `${says}${rule}`, step: predicted }, lowest };
  const found = predicted === truth;
  const against = truth < 0 ? 'every step is right' : `the first mistake is step ${truth + 1}`;
  return { first: { found, text: `${says}${rule}; ${found ? 'right' : 'wrong'}: ${against}`, step: predicted }, lowest };
}

export interface ColorSettings {
  normalization: Normalization;
  palette: Palette;
  dark: boolean;
  /** Stretch each row over the whole palette (its own range), instead of the colour rule's shared ranges. */
  stretch: boolean;
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

/**
 * Below this magnitude signed credit is drawn as (nearly) neutral: a row of 1e-10s is noise, not a picture. A
 * log-probability scale reaches at least down to −1 (a probability of e⁻¹ ≈ 0.37) for the same reason.
 */
export const SIGNED_FLOOR = 1e-6;
const LOGPROB_FLOOR = -1;

/** What a row's numbers are, as drawn: the method's kind of credit, or a signed number after z-scores or signs. */
export function creditKind(method: RunMethod, normalization: Normalization): 'signed' | 'probability' | 'log-probability' {
  return normalization === 'raw' ? methodSpec(method).credit : 'signed';
}

const known = (rows: readonly (number | null)[][]) => rows.flat().filter((v): v is number => v !== null && Number.isFinite(v));

/**
 * THE colour rule (docs/reading-credit.md), for every drawing of credit: the heatmaps of Inspect, Compare and the
 * lessons, the aligned rows, and the exported figures. A row's scale comes from what its numbers mean:
 * - a probability: 0 to 1, with 0.5 at the neutral colour;
 * - signed credit (Q, log φ, Z, rewards, z-scores): a range centred on 0 that every row of the same method on the
 *   screen shares, at least ±1e-6 (±1 for signs); a training run's channels are in units of their own, so only the rows
 *   of one channel share its range;
 * - a log-probability: viridis from the lowest value of the method's rows on the screen (at most −1) up to 0.
 * Equal numbers get equal colours within a method, and differences too small to see never span the palette. With
 * `stretch`, each row spans the palette on its own range instead, and its legend says so.
 */
export function screenScales(runs: readonly ScoreRun[], c: ColorSettings): ColorScale[] {
  const values = runs.map((r) => normalizeRow(r.tokenScores, c.normalization));
  // Rows share a scale with the rows of their method; a channel (unitsPerRow) only with rows of its own name.
  const groupOf = (r: ScoreRun) => (methodSpec(r.method).unitsPerRow ? `${r.method}\u0000${r.modelId}` : r.method);
  const groups = new Map<string, number[]>();
  runs.forEach((r, i) => groups.set(groupOf(r), [...(groups.get(groupOf(r)) ?? []), i]));
  return runs.map((run, i) => {
    const kind = creditKind(run.method, c.normalization);
    const name = methodSpec(run.method).unitsPerRow ? run.modelId : methodSpec(run.method).name;
    const mine = c.stretch ? [i] : (groups.get(groupOf(run)) ?? [i]);
    const v = known(mine.map((k) => values[k]));
    const shared = mine.length > 1 ? `shared by the ${mine.length} ${name} rows here` : `the only ${name} row here`;
    if (kind === 'log-probability') {
      const [lo, hi] = v.length ? [Math.min(...v), Math.max(...v)] : [LOGPROB_FLOOR, 0];
      return c.stretch
        ? sequentialScale(lo, hi, 'stretched to this row')
        : sequentialScale(Math.min(lo, LOGPROB_FLOOR), 0, `log-probabilities up to 0, ${shared}`);
    }
    if (kind === 'probability') {
      const half = c.stretch ? Math.max(0, ...v.map((x) => Math.abs(x - 0.5))) : 0.5;
      return centredScale(0.5, half, c.palette, c.dark, c.stretch ? 'stretched to this row' : 'probabilities from 0 to 1');
    }
    const reach = Math.max(0, ...v.map((x) => Math.abs(x)));
    if (c.stretch) return centredScale(0, reach, c.palette, c.dark, 'stretched to this row');
    if (c.normalization === 'sign') return centredScale(0, 1, c.palette, c.dark, 'signs, −1 to 1');
    return centredScale(0, Math.max(SIGNED_FLOOR, reach), c.palette, c.dark, shared);
  });
}

/** How the shown values were normalised, as words after the method's label. */
export const normalizationWords = (n: Normalization) =>
  n === 'raw' ? '' : n === 'z-score' ? ', z-scored within the trace' : ', sign only';

/** One row as drawn: its values after normalisation, its scale (the colour rule's, for this row alone unless given), its label. */
export function rowView(run: ScoreRun, c: ColorSettings, scale?: ColorScale): RowView {
  return {
    values: normalizeRow(run.tokenScores, c.normalization),
    scale: scale ?? screenScales([run], c)[0],
    label: `${methodSpec(run.method).label}${normalizationWords(c.normalization)}`,
  };
}
