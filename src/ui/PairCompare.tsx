import { useMemo } from 'react';
import { usePair, verdict, type PairRow } from '../state/pair';
import { useWorkbench } from '../state/workbench';
import { Heatmap } from './Heatmap';
import { formatValue, type ColorScale } from './colorScale';
import { useScreenScales } from './useScreenScales';

const VERDICT_TEXT = { true: 'prefers the chosen answer', false: 'prefers the rejected answer', null: 'cannot tell them apart' };

/** One model's pair: chosen over rejected on one colour scale, with both trace scores and the verdict. */
function PairRows({ row, name, scales }: { row: PairRow; name: string; scales: ColorScale[] }) {
  const traces = usePair((s) => s.traces);
  const v = verdict(row);
  const fmt = (x: number | null) => (x === null ? 'none' : formatValue(x));
  return (
    <section className="pair" data-testid="pair" data-model={row.modelId} data-verdict={String(v)} aria-label={`Pair scored by ${name}`}>
      <h3>
        {name}: <span className={`verdict-${String(v)}`}>{VERDICT_TEXT[String(v) as keyof typeof VERDICT_TEXT]}</span>{' '}
        <span className="hint" data-testid="pair-scores">
          (chosen {fmt(row.chosen.traceScore)}, rejected {fmt(row.rejected.traceScore)})
        </span>
      </h3>
      <Heatmap run={row.chosen} title={`${name}: chosen`} trace={traces?.chosen ?? null} scale={scales[0]} side="chosen" />
      <Heatmap run={row.rejected} title={`${name}: rejected`} trace={traces?.rejected ?? null} scale={scales[1]} side="rejected" />
    </section>
  );
}

/** Chosen against rejected for every model on the page. */
export function PairCompare() {
  const p = usePair();
  const models = useWorkbench((s) => s.models);
  const selected = useWorkbench((s) => s.selected);
  const busy = p.status !== 'idle';
  const nameOf = (id: string) => models.find((m) => m.id === id)?.name ?? id;
  const preferring = p.rows.filter((r) => verdict(r) === true).length;
  // The colour rule over every row on the screen: both answers of every model of one method share a scale.
  const scales = useScreenScales(useMemo(() => p.rows.flatMap((r) => [r.chosen, r.rejected]), [p.rows]));
  return (
    <section className="panel pair-compare" aria-labelledby="pair-title" data-testid="pair-compare">
      <h2 id="pair-title">Chosen against rejected</h2>
      <p className="hint">
        Two answers to one problem, scored by every selected model ({selected.join(', ') || 'none: pick models in Inspect'}). A model
        prefers the answer with the higher trace score; every row of one method shares one colour scale.
      </p>
      <div className="panel-row">
        <button type="button" data-testid="pair-from-page" onClick={p.fromPage} disabled={busy}>
          Use the Inspect trace as rejected, and its gold solution as chosen
        </button>
      </div>
      <label className="trace-label" htmlFor="pair-problem">
        Problem
      </label>
      <input id="pair-problem" value={p.problem} onChange={(e) => p.set({ problem: e.target.value })} spellCheck={false} />
      <div className="pair-inputs">
        <label>
          Chosen
          <textarea
            data-testid="pair-chosen"
            value={p.chosen}
            rows={6}
            onChange={(e) => p.set({ chosen: e.target.value })}
            spellCheck={false}
          />
        </label>
        <label>
          Rejected
          <textarea
            data-testid="pair-rejected"
            value={p.rejected}
            rows={6}
            onChange={(e) => p.set({ rejected: e.target.value })}
            spellCheck={false}
          />
        </label>
      </div>
      <button
        type="button"
        data-testid="pair-score"
        onClick={() => void p.score()}
        disabled={busy || !selected.length || !p.chosen.trim() || !p.rejected.trim()}
      >
        {busy ? 'Scoring both…' : 'Score the pair'}
      </button>
      {p.errors.map((f) => (
        <p key={f.id} className="error" role="alert">
          {f.id}: {f.error.message} {f.error.hint}
        </p>
      ))}
      {p.rows.length > 0 && (
        <p data-testid="pair-summary">
          {preferring} of {p.rows.length} rows prefer the chosen answer.
        </p>
      )}
      {p.rows.map((row, i) => (
        <PairRows
          key={`${row.modelId}|${row.chosen.method}`}
          row={row}
          name={nameOf(row.modelId)}
          scales={scales.slice(2 * i, 2 * i + 2)}
        />
      ))}
    </section>
  );
}
