import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Trace } from '../domain/trace';
import { TRIAGE_FILTERS, TRIAGE_SORTS, type TriageFilter, type TriageSort } from '../eval/triage';
import { firstWrongStep } from '../eval/stepVerdicts';
import type { ResultRow } from '../state/datasets';
import { useTriage } from '../state/triage';
import { labelsOf, useStepLabels } from '../state/stepLabels';
import { firstWrongOf } from '../domain/stepLabels';

const SORT_WORDS: Record<TriageSort, string> = {
  disagreement: 'models disagree most (first-error steps apart, then score ranks)',
  'group-flips': 'rank flips within a pair or group of one problem',
  'models-wrong': 'most models wrong against the label',
  'score-vs-label': 'score furthest from the label',
  'first-error': 'position of the labelled first error',
  length: 'response length',
  file: 'file order',
};

const FILTER_WORDS: Record<TriageFilter, string> = {
  all: 'every trace',
  disagree: 'models disagree',
  'all-wrong': 'every model wrong against the label',
  'has-error': 'labelled with an error',
  correct: 'labelled correct',
  unlabelled: 'without a label',
};

const ROW = 32;

const stepWords = (step: number | null | undefined) => (step === null || step === undefined ? '?' : step < 0 ? 'none' : `step ${step + 1}`);

/**
 * Every trace of a scored dataset, disagreement first: sorted and filtered in a worker, searched over ids, problems
 * and responses, drawn as a virtual list so 100,000 traces scroll as lightly as 50. j and k (or the arrows) move,
 * Enter opens the trace in Inspect with the run's models; a click on a row does the same.
 */
export function TriageList({
  traces,
  rows,
  onOpen,
  reasonOf,
}: {
  traces: readonly Trace[];
  rows: readonly ResultRow[];
  onOpen: (trace: Trace) => void;
  /** The number of the reason a trace was not scored, in the list below the table. */
  reasonOf: (error: string | null | undefined) => number;
}) {
  const { query, order, values, ms, answered, indexing, error, cursor, build, setQuery, setSearch, setCursor, search } = useTriage();
  const [typed, setTyped] = useState(search);
  useEffect(() => void build(traces, rows), [build, traces, rows]);
  // The search runs once typing pauses, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => typed !== useTriage.getState().search && setSearch(typed), 200);
    return () => clearTimeout(timer);
  }, [typed, setSearch]);
  const byKey = useStepLabels((s) => s.byKey);
  const { markFirstWrong, clear, load } = useStepLabels.getState();
  useEffect(() => void load(), [load]);
  /** Your first mistake for a trace, as the labels say it: 0-based, −1 for none; null when not labelled. */
  const mine = (t: Trace) => {
    const l = labelsOf(byKey, t);
    return l ? firstWrongOf(l.ratings) : null;
  };
  const label = (t: Trace, first: number | null) => (first === null ? clear(t) : markFirstWrong(t, first));
  const scroller = useRef<HTMLDivElement>(null);
  const count = order?.length ?? 0;
  // This app does not run the React Compiler; the virtualizer is read afresh on every render, as TanStack intends.
  // eslint-disable-next-line react-hooks/incompatible-library
  const list = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10 });
  const open = (position: number) => {
    const i = order?.[position];
    if (i === undefined) return;
    setCursor(position);
    onOpen(traces[i]);
  };
  const move = (to: number) => {
    const next = Math.max(0, Math.min(count - 1, to));
    setCursor(next);
    list.scrollToIndex(next, { align: 'auto' });
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, () => void> = {
      j: () => move(cursor + 1),
      ArrowDown: () => move(cursor + 1),
      k: () => move(cursor - 1),
      ArrowUp: () => move(cursor - 1),
      Home: () => move(0),
      End: () => move(count - 1),
      PageDown: () => move(cursor + 10),
      PageUp: () => move(cursor - 10),
      // Enter on a button in a row is that button's; on the list it opens the highlighted row.
      Enter: () => e.target === e.currentTarget && open(cursor),
    };
    // Labelling from the list: a digit marks the highlighted trace's first mistake at that step, 0 says none is wrong,
    // Delete takes the label away.
    const here = order?.[cursor];
    const t = here === undefined ? null : traces[here];
    if (t && e.target === e.currentTarget) {
      const digit = /^[0-9]$/.test(e.key) ? Number(e.key) : null;
      if (digit !== null && digit <= t.steps.length) keys[e.key] = () => label(t, digit - 1);
      if (e.key === 'Delete' || e.key === 'Backspace') keys[e.key] = () => label(t, null);
    }
    const act = keys[e.key];
    if (!act || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    act();
  };
  const columns = `4.5em minmax(9em, 2fr) 6em repeat(${rows.length}, minmax(7em, 1fr)) 6em 7em`;
  return (
    <div className="triage" data-testid="triage">
      <h3>Every trace, disagreement first</h3>
      <div className="panel-row">
        <label>
          Sort by{' '}
          <select data-testid="triage-sort" value={query.sort} onChange={(e) => setQuery({ sort: e.target.value as TriageSort })}>
            {TRIAGE_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_WORDS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            data-testid="triage-descending"
            checked={query.descending}
            onChange={(e) => setQuery({ descending: e.target.checked })}
          />{' '}
          largest first
        </label>
        <label>
          Show{' '}
          <select data-testid="triage-filter" value={query.filter} onChange={(e) => setQuery({ filter: e.target.value as TriageFilter })}>
            {TRIAGE_FILTERS.map((f) => (
              <option key={f} value={f}>
                {FILTER_WORDS[f]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search{' '}
          <input
            type="search"
            data-testid="triage-search"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder="id, problem or response"
          />
        </label>
      </div>
      <p
        className="hint"
        role="status"
        data-testid="triage-status"
        data-count={order ? count : ''}
        data-ms={ms ?? ''}
        data-sort={answered?.sort ?? ''}
      >
        {indexing
          ? `Indexing ${indexing.done.toLocaleString('en')} of ${indexing.of.toLocaleString('en')} traces…`
          : order
            ? `${count.toLocaleString('en')} of ${traces.length.toLocaleString('en')} traces${ms === null ? '' : `, sorted in ${Math.round(ms)} ms`}. Focus the list: j and k move, Enter opens in Inspect with the run's models, a digit marks your first mistake at that step (0: none wrong), Delete takes it away.`
            : 'Sorting…'}
      </p>
      {error && (
        <p className="error" role="alert">
          The traces could not be sorted: {error}. The list keeps its last order.
        </p>
      )}
      <div className="triage-head" style={{ gridTemplateColumns: columns }} aria-hidden="true">
        <span>#</span>
        <span>trace</span>
        <span>first error</span>
        {rows.map((r) => (
          <span key={r.model}>{r.model}</span>
        ))}
        <span>value</span>
        <span>your label</span>
      </div>
      <div
        ref={scroller}
        className="triage-scroll"
        tabIndex={0}
        role="list"
        aria-label="Traces in the chosen order: j and k move, Enter opens"
        data-testid="triage-list"
        onKeyDown={onKey}
      >
        <div style={{ height: list.getTotalSize(), position: 'relative' }}>
          {order &&
            list.getVirtualItems().map((item) => {
              const t = traces[order[item.index]];
              const value = values?.[item.index];
              return (
                <div
                  role="listitem"
                  key={item.key}
                  className="triage-row"
                  data-testid="trace-row"
                  data-position={item.index + 1}
                  data-trace={t.id}
                  data-value={value === undefined || value === -Infinity ? '' : value}
                  aria-current={cursor === item.index ? 'true' : undefined}
                  style={{ gridTemplateColumns: columns, height: ROW, transform: `translateY(${item.start}px)` }}
                  onClick={() => open(item.index)}
                >
                  <span className="triage-rank">{(item.index + 1).toLocaleString('en')}</span>
                  <button type="button" className="link" data-testid="open-trace" title={t.problem}>
                    {t.id}
                  </button>
                  <span>{stepWords(t.firstErrorStep)}</span>
                  {rows.map((r) => {
                    const o = r.outcomes.get(t.id);
                    const first = o?.run ? firstWrongStep(o.run) : null;
                    return (
                      <span
                        key={r.model}
                        title={o?.error ?? undefined}
                        data-model={r.model}
                        data-first-step={first === null ? '' : first < 0 ? 'none' : first + 1}
                      >
                        {!o
                          ? '…'
                          : o.run
                            ? `${first === null ? `score ${o.run.traceScore?.toPrecision(4)}` : stepWords(first)}${o.truncated ? ' (truncated)' : ''}`
                            : `not scored${o.error ? ` (reason ${reasonOf(o.error)})` : ''}`}
                      </span>
                    );
                  })}
                  <span>{value === undefined || value === -Infinity ? '–' : Number.isInteger(value) ? value : value.toFixed(3)}</span>
                  <select
                    data-testid="triage-label"
                    aria-label={`Your first mistake in ${t.id}`}
                    value={mine(t) ?? ''}
                    onClick={(e) => e.stopPropagation()}
                    onKeyDown={(e) => e.stopPropagation()}
                    onChange={(e) => label(t, e.target.value === '' ? null : Number(e.target.value))}
                  >
                    <option value="">–</option>
                    <option value={-1}>none wrong</option>
                    {t.steps.map((_, k) => (
                      <option key={k} value={k}>
                        step {k + 1}
                      </option>
                    ))}
                  </select>
                </div>
              );
            })}
        </div>
      </div>
    </div>
  );
}
