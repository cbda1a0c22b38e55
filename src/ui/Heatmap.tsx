import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ScoreRun } from '../methods/scoreRun';
import type { Trace } from '../domain/trace';
import { useColorSettings, useDisplay } from '../state/display';
import { formatValue, textColorOn, type ColorScale } from './colorScale';
import { Legend } from './Legend';
import { useWorkbench } from '../state/workbench';
import { mistakeVerdict, normalizationWords, rowView, tokenFacts, visibleToken } from './rowView';
import { methodSpec } from '../methods/registry';

/**
 * One heatmap row: every token a focusable cell coloured by its value; hover or focus shows the exact number. With a
 * `side`, the row is one half of a pair and its focus stays local; otherwise the focused token goes into the link.
 */
/** A character as a reader can find it: itself, quoted, with its code point. */
const charName = (c: string) => `"${c}" (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`;

export function Heatmap({
  run,
  title,
  trace,
  before,
  scale: given,
  side,
  label: givenLabel,
}: {
  run: ScoreRun;
  title: string;
  trace: Trace | null;
  before?: ScoreRun;
  /** A scale shared with other rows; by default the row fits its own. */
  scale?: ColorScale;
  side?: string;
  /** What the values are, when not the method's own output (the Teach view's advantages). */
  label?: string;
}) {
  const colors = useColorSettings();
  const pinned = useDisplay((s) => (side === undefined && s.focus?.model === run.modelId ? s.focus.token : null));
  const setDisplay = useDisplay((s) => s.set);
  const [hover, setHover] = useState<number | null>(null);
  const [local, setLocal] = useState<number | null>(null);
  const view = useMemo(() => rowView(run, colors, given), [run, colors, given]);
  const { scale } = view;
  // The words for the value come straight from the method's registry entry, beside the code that computes it.
  const label = givenLabel ?? `${methodSpec(run.method).label}${normalizationWords(colors.normalization)}`;
  const result = { tokens: run.tokens, values: view.values };
  const kept = side === undefined ? pinned : local;
  const focus = hover ?? (kept !== null && kept < run.tokens.length ? kept : null);
  const pin = (i: number) => (side === undefined ? setDisplay({ focus: { model: run.modelId, token: i } }) : setLocal(i));
  const facts = useMemo(() => tokenFacts(run, trace), [run, trace]);
  const verdict = useMemo(() => mistakeVerdict(trace, run), [run, trace]);
  const caveat = useWorkbench((s) => s.models.find((m) => m.id === run.modelId)?.caveat);
  const unknown = useMemo(() => {
    const chars = new Set(run.unknownChars ?? []);
    return run.tokens.map(
      (t) => chars.size > 0 && [...(trace ? trace.response.slice(t.charStart, t.charEnd) : t.text)].some((c) => chars.has(c)),
    );
  }, [run, trace]);
  const cells = useRef<HTMLDivElement>(null);
  const moveTo = (i: number) => {
    const el = cells.current?.querySelectorAll<HTMLElement>('[data-testid=token]')[i];
    el?.focus();
  };
  /** Focuses the token at character `char` in the heatmap row `delta` rows away; false when there is no such row. */
  const sameCharIn = (delta: number, char: number): boolean => {
    const me = cells.current?.closest<HTMLElement>('[data-testid=heatmap-row]');
    const rows = me?.parentElement ? [...me.parentElement.querySelectorAll<HTMLElement>(':scope > [data-testid=heatmap-row]')] : [];
    const target = rows[rows.indexOf(me as HTMLElement) + delta];
    if (!me || !target) return false;
    const tokens = [...target.querySelectorAll<HTMLElement>('[data-testid=token]')];
    const at = (t: HTMLElement) => [Number(t.dataset.charStart), Number(t.dataset.charEnd)];
    const hit = tokens.find((t) => at(t)[0] <= char && char < at(t)[1]) ?? tokens.filter((t) => at(t)[0] <= char).at(-1) ?? tokens[0];
    hit?.focus();
    return hit !== undefined;
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
    else if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      if (sameCharIn(e.key === 'ArrowUp' ? -1 : 1, result.tokens[i].charStart)) e.preventDefault();
      return;
    }
    if (to === null || to < 0) return;
    e.preventDefault();
    moveTo(to);
  };
  const shown = focus === null ? null : { index: focus, token: result.tokens[focus], value: result.values[focus] };

  return (
    <section
      className="heatmap-panel"
      aria-label={`Token heatmap of ${title}`}
      data-testid="heatmap-row"
      data-model={run.modelId}
      data-method={run.method}
      data-side={side}
    >
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
        {verdict?.first && (
          <span
            className={`mistake-verdict ${verdict.first.found === null ? '' : verdict.first.found ? 'found' : 'missed'}`}
            data-testid="mistake-verdict"
            data-found={verdict.first.found ?? undefined}
            data-first-step={verdict.first.step < 0 ? 'none' : verdict.first.step + 1}
          >
            {verdict.first.found === null ? '' : verdict.first.found ? '✓ ' : '✗ '}
            {verdict.first.text}
          </span>
        )}
        {verdict?.lowest && (
          <span className="lowest-token-reading" data-testid="lowest-token-reading">
            {verdict.lowest}
          </span>
        )}
      </h3>
      {run.truncated && (
        <p className="model-caveat" data-testid="truncated-note" data-kept={run.truncated.keptSteps} data-steps={run.truncated.steps}>
          Only the first {run.truncated.keptSteps} of {run.truncated.steps} steps fit what this model reads: steps{' '}
          {run.truncated.keptSteps + 1}–{run.truncated.steps} have no credit
          {run.truncated.problemChars ? `, and the problem was cut to its last ${run.truncated.problemChars} characters` : ''}.
        </p>
      )}
      {caveat && (
        <p className="model-caveat" data-testid="model-caveat">
          {caveat}
        </p>
      )}
      {run.unknownChars?.length ? (
        <p className="model-caveat" data-testid="unknown-chars">
          This model&rsquo;s tokenizer has no {run.unknownChars.map(charName).join(', ')}:{' '}
          {run.unknownChars.length === 1 ? 'it was' : 'they were'} read as its unknown token, so the model never saw{' '}
          {run.unknownChars.length === 1 ? 'it' : 'them'}. Tokens with such characters have a dotted outline.
        </p>
      ) : null}
      <div
        className="heatmap"
        data-testid="heatmap"
        ref={cells}
        onMouseLeave={() => setHover(null)}
        aria-description="One Tab stop per row. Left and right arrows move between tokens, Shift+arrow between steps, up and down to the same character in the row above or below, Home and End to the ends."
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
                  unknown[i] && 'unknown-char',
                ]
                  .filter(Boolean)
                  .join(' ')}
                data-testid="token"
                data-index={i}
                data-step={facts[i].step}
                data-wrong={facts[i].wrongSpan ? 'true' : undefined}
                data-unknown={unknown[i] ? 'true' : undefined}
                data-value={value ?? ''}
                tabIndex={i === (kept !== null && kept < result.tokens.length ? kept : 0) ? 0 : -1}
                data-char-start={token.charStart}
                data-char-end={token.charEnd}
                aria-label={`token ${i + 1} "${token.text}": ${valueText}`}
                style={{ background: bg, color: value === null ? undefined : textColorOn(bg) }}
                onMouseEnter={() => setHover(i)}
                onClick={() => pin(i)}
                onFocus={() => {
                  setHover(null);
                  pin(i);
                }}
                onKeyDown={(e) => onKey(e, i)}
              >
                {visibleToken(token.text)}
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
                · step {facts[shown.index].step + 1}
                {run.stepScores ? ` (step score ${formatValue(run.stepScores[facts[shown.index].step])})` : ''}
                {run.capo ? ` (${capoVoters(run, facts[shown.index].step)})` : ''}
              </span>
            )}
            {facts[shown.index].wrongSpan && <strong> · inside the known wrong span</strong>}
          </>
        ) : (
          'Hover over a token, click it or focus it with Tab, to see its exact value.'
        )}
      </div>
      <Legend scale={scale} label={label} />
    </section>
  );
}

/** Which critiques call a step wrong, e.g. "critiques 1 and 3 call it wrong (2 of 4 voting)". */
function capoVoters(run: ScoreRun, step: number): string {
  const capo = run.capo;
  if (!capo) return '';
  const who = capo.critiques.flatMap((c, i) => (c.wrongSteps?.includes(step) ? [i + 1] : []));
  const names =
    who.length === 0
      ? 'no critique calls it wrong'
      : `critique${who.length > 1 ? 's' : ''} ${who.join(', ')} call${who.length > 1 ? '' : 's'} it wrong`;
  return `${names}; ${capo.votes.voters} of ${capo.critiques.length} gave a verdict; voted ${capo.votes.wrong.includes(step) ? 'wrong' : 'not wrong'}`;
}
