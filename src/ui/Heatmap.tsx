import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { RunMethod, ScoreRun } from '../domain/scoreRun';
import { tokenStepIndex } from '../domain/stepTokens';
import type { Trace } from '../domain/trace';
import { normalizeRow, type Normalization } from '../domain/normalize';
import { divergingScale, formatValue, sequentialScale, textColorOn, type ColorScale } from './colorScale';
import { Legend } from './Legend';

/** What a whitespace-only token shows, so it can be seen and hovered. */
function visible(text: string): string {
  return text
    .replace(/\n/g, '↵')
    .replace(/\t/g, '⇥')
    .replace(/^ +$/, (s) => '·'.repeat(s.length));
}

/** What each method's per-token value is, in words. */
const LABELS: Record<RunMethod, string> = {
  qrm: 'per-token score (Z)',
  orm: 'outcome score (the last token’s, on every token)',
  pqm: 'step Q-value at [PRM], on the step’s tokens',
  'cls-prm': 'step probability of being right, on the step’s tokens',
  'implicit-prm': 'implicit token reward β·log(π/π_ref)',
  'capo-critic': 'CAPO token reward from the voted critiques',
  logprob: 'log-probability of the token',
};

const unsigned = (m: RunMethod) => m === 'logprob' || m === 'cls-prm';

/** One heatmap row: every token a focusable cell coloured by its value; hover or focus shows the exact number. */
/**
 * Where each token sits: its step, whether it starts one, whether it lies in the known wrong span or the first wrong
 * step, and its credit rank (1 = lowest).
 */
function tokenFacts(run: ScoreRun, trace: Trace | null) {
  const owner = trace ? tokenStepIndex(trace.steps, run.tokens) : run.tokens.map(() => -1);
  const known = run.tokenScores.map((v, i) => ({ v, i })).filter((x): x is { v: number; i: number } => x.v !== null);
  const rank = new Map([...known].sort((a, b) => a.v - b.v).map((x, r) => [x.i, r + 1]));
  return run.tokens.map((t, i) => ({
    step: owner[i],
    startsStep: owner[i] >= 0 && owner[i] !== owner[i - 1],
    wrongSpan: (trace?.wrongSpans ?? []).some((w) => t.charStart < w.charEnd && t.charEnd > w.charStart),
    firstWrongStep: owner[i] >= 0 && owner[i] === trace?.firstErrorStep,
    rank: rank.get(i) ?? null,
    of: known.length,
  }));
}

export function Heatmap({
  run,
  title,
  trace,
  before,
  normalization = 'raw',
}: {
  run: ScoreRun;
  title: string;
  trace: Trace | null;
  before?: ScoreRun;
  normalization?: Normalization;
}) {
  const [focus, setFocus] = useState<number | null>(null);
  const shownValues = useMemo(() => normalizeRow(run.tokenScores, normalization), [run, normalization]);
  const signed = normalization !== 'raw' || !unsigned(run.method);
  const scale: ColorScale = useMemo(() => {
    const known = shownValues.filter((v): v is number => v !== null);
    return signed ? divergingScale(known) : sequentialScale(known);
  }, [shownValues, signed]);
  const label = `${LABELS[run.method]}${normalization === 'raw' ? '' : normalization === 'z-score' ? ', z-scored within the trace' : ', sign only'}`;
  const result = { tokens: run.tokens, values: shownValues };
  const facts = useMemo(() => tokenFacts(run, trace), [run, trace]);
  const cells = useRef<HTMLDivElement>(null);
  const moveTo = (i: number) => {
    const el = cells.current?.querySelectorAll<HTMLElement>('[data-testid=token]')[i];
    el?.focus();
  };
  // Arrows move between tokens; Shift+arrows jump to the first token of the next or previous step; Home/End to the ends.
  const onKey = (e: KeyboardEvent, i: number) => {
    const n = result.tokens.length;
    const stepOf = (k: number) => facts[k]?.step ?? -1;
    let to: number | null = null;
    if (e.key === 'ArrowRight' && !e.shiftKey) to = Math.min(n - 1, i + 1);
    else if (e.key === 'ArrowLeft' && !e.shiftKey) to = Math.max(0, i - 1);
    else if (e.key === 'ArrowRight') to = facts.findIndex((f, k) => k > i && f.startsStep && stepOf(k) !== stepOf(i));
    else if (e.key === 'ArrowLeft') {
      const starts = facts.flatMap((f, k) => (f.startsStep && k < i && stepOf(k) !== stepOf(i) ? [k] : []));
      to = starts.length ? starts[starts.length - 1] : 0;
    } else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = n - 1;
    if (to === null || to < 0) return;
    e.preventDefault();
    moveTo(to);
  };
  const shown = focus === null ? null : { index: focus, token: result.tokens[focus], value: result.values[focus] };

  return (
    <section className="heatmap-panel" aria-label={`Token heatmap of ${title}`} data-testid="heatmap-row" data-model={run.modelId}>
      <h3 className="heatmap-title">
        {title}{' '}
        <span className="heatmap-summary" data-testid="trace-score">
          {run.traceScore === null ? '' : `score ${formatValue(run.traceScore)}`}
          {run.stepScores ? ` · steps ${run.stepScores.map(formatValue).join(', ')}` : ''}
          {before && before.traceScore !== null && before.traceScore !== run.traceScore && (
            <span data-testid="score-before">
              {' '}
              · before your edit {formatValue(before.traceScore)}
              {before.stepScores ? `, steps ${before.stepScores.map(formatValue).join(', ')}` : ''}
            </span>
          )}
        </span>
      </h3>
      <div
        className="heatmap"
        data-testid="heatmap"
        ref={cells}
        onMouseLeave={() => setFocus(null)}
        aria-description="Arrow keys move between tokens, Shift+arrow between steps, Home and End to the ends."
      >
        {result.tokens.map((token, i) => {
          const value = result.values[i];
          const bg = value === null ? 'transparent' : scale.color(value);
          const valueText = value === null ? 'no value' : formatValue(value);
          return (
            <span key={i}>
              <span
                className={[
                  'token',
                  token.special && 'special',
                  facts[i].startsStep && 'step-start',
                  facts[i].wrongSpan && 'truth-wrong',
                  facts[i].firstWrongStep && 'first-wrong-step',
                ]
                  .filter(Boolean)
                  .join(' ')}
                data-testid="token"
                data-index={i}
                data-step={facts[i].step}
                data-wrong={facts[i].wrongSpan ? 'true' : undefined}
                data-value={value ?? ''}
                tabIndex={0}
                aria-label={`token ${i + 1} "${token.text}": ${valueText}`}
                style={{ background: bg, color: value === null ? undefined : textColorOn(bg) }}
                onMouseEnter={() => setFocus(i)}
                onFocus={() => setFocus(i)}
                onKeyDown={(e) => onKey(e, i)}
                onBlur={() => setFocus(null)}
              >
                {visible(token.text)}
              </span>
              {token.text.includes('\n') && <br />}
            </span>
          );
        })}
      </div>
      <div className="token-detail" data-testid="token-detail" aria-live="polite">
        {shown ? (
          <>
            Token {shown.index + 1} of {result.tokens.length}: <code>{JSON.stringify(shown.token.text)}</code> (chars{' '}
            {shown.token.charStart}–{shown.token.charEnd}) · {label}:{' '}
            <strong data-testid="token-value">{shown.value === null ? 'no value' : formatValue(shown.value)}</strong>
            {facts[shown.index].rank !== null && (
              <span data-testid="token-rank">
                {' '}
                · rank {facts[shown.index].rank} of {facts[shown.index].of} (1 = lowest)
              </span>
            )}
            {facts[shown.index].step >= 0 && (
              <span data-testid="token-step">
                {' '}
                · step {facts[shown.index].step}
                {run.stepScores ? ` (step score ${formatValue(run.stepScores[facts[shown.index].step])})` : ''}
                {run.capo ? ` (${run.capo.votes.counts[facts[shown.index].step]} of ${run.capo.votes.voters} critiques call it wrong)` : ''}
              </span>
            )}
            {facts[shown.index].wrongSpan && <strong> · inside the known wrong span</strong>}
          </>
        ) : (
          'Hover over a token, or focus it with Tab, to see its exact value.'
        )}
      </div>
      <Legend scale={scale} label={label} />
    </section>
  );
}
