import { useMemo, useState } from 'react';
import type { Trace } from '../domain/trace';
import { aggregationInput, aggregationTable, type AggregationRow } from '../eval/aggregation';
import { methodSpec, RUN_METHODS, type RunMethod } from '../methods/registry';
import type { ResultRow } from '../state/datasets';

const frac = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(3));

/**
 * The aggregation explorer: for one model, every way of rolling token credit up to steps and steps up to a solution
 * score, with what each does on this dataset to Best-of-N, first-error F1 and the score's pull towards length. It is
 * computed when opened: at 100,000 traces each way is a τ sweep and a rank correlation.
 */
export function AggregationExplorer({ traces, rows }: { traces: readonly Trace[]; rows: readonly ResultRow[] }) {
  const [open, setOpen] = useState(false);
  const [model, setModel] = useState<string | null>(null);
  const row = rows.find((r) => r.model === model) ?? rows[0];
  const table = useMemo<AggregationRow[] | null>(() => {
    if (!open || !row) return null;
    const inputs = traces.flatMap((t) => {
      const o = row.outcomes.get(t.id);
      return o?.run ? [aggregationInput(t, o.run, o.tokenSteps ?? null)] : [];
    });
    const probability = RUN_METHODS.includes(row.method as RunMethod) && methodSpec(row.method as RunMethod).credit === 'probability';
    return aggregationTable(inputs, probability);
  }, [open, row, traces]);
  const best = (pick: (r: AggregationRow) => number | null | undefined) =>
    table ? Math.max(...table.map((r) => pick(r) ?? -Infinity)) : -Infinity;
  const [bestBon, bestF1] = [best((r) => r.bon?.accuracy), best((r) => r.f1?.f1)];
  return (
    <details className="panel" data-testid="aggregation" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>How credit is rolled up: token → step → solution, and what each way changes</summary>
      <p className="hint">
        Token credit becomes a step score by its sum, mean, minimum or last token; step scores become a solution score by their minimum,
        product (a sum for signed credit: the log of a product), mean or last step. For each way: Best-of-N accuracy over the problems with
        several candidates, first-error F1 at the τ best on this data (optimistic), and Spearman&apos;s ρ between the solution score and the
        response&apos;s length (near 1: the score mostly counts length). The best of each column is in bold.
      </p>
      {rows.length > 1 && (
        <label>
          Model{' '}
          <select data-testid="aggregation-model" value={row?.model ?? ''} onChange={(e) => setModel(e.target.value)}>
            {rows.map((r) => (
              <option key={r.model} value={r.model}>
                {r.model}
              </option>
            ))}
          </select>
        </label>
      )}
      {table && !table.length && <p>{row?.model} gives neither token credit nor step scores on these traces.</p>}
      {table && table.length > 0 && (
        <table className="metrics-table">
          <thead>
            <tr>
              <th scope="col">token → step</th>
              <th scope="col">step → solution</th>
              <th scope="col">BoN accuracy</th>
              <th scope="col">F1 at the best τ</th>
              <th scope="col">ρ(score, length)</th>
              <th scope="col">traces</th>
            </tr>
          </thead>
          <tbody>
            {table.map((r) => (
              <tr
                key={`${r.tokenAgg}-${r.stepAgg}`}
                data-testid="aggregation-row"
                data-token={r.tokenAgg ?? ''}
                data-step={r.stepAgg}
                data-bon={r.bon?.accuracy ?? ''}
                data-f1={r.f1?.f1 ?? ''}
                data-rho={r.lengthRho ?? ''}
              >
                <td>{r.tokenAgg ?? 'the model’s own step scores'}</td>
                <td>{r.stepAgg}</td>
                <td>
                  {r.bon ? (
                    <span className={r.bon.accuracy === bestBon ? 'best' : undefined}>
                      {frac(r.bon.accuracy)} (n={r.bon.n}, {r.bon.problems} problems)
                    </span>
                  ) : (
                    '–'
                  )}
                </td>
                <td>
                  {r.f1 ? (
                    <span
                      className={r.f1.f1 === bestF1 ? 'best' : undefined}
                    >{`${r.f1.f1.toFixed(1)} % at τ = ${r.f1.tau.toPrecision(3)}`}</span>
                  ) : (
                    '–'
                  )}
                </td>
                <td>{frac(r.lengthRho)}</td>
                <td>{r.traces}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
