import { useMemo } from 'react';
import type { DatasetItem } from '../domain/dataset';
import type { ModelMetrics } from '../eval/datasetMetrics';
import type { Trace } from '../domain/trace';
import { SweepChart } from './charts/SweepChart';
import { useResultRows } from '../state/datasets';
import { RuleHelp } from './RuleHelp';
import { StepTauField } from './StepTauField';
import { TriageList } from './TriageList';
import { AggregationExplorer } from './AggregationExplorer';

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${v.toFixed(1)} %`);
const frac = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(3));

function F1Cell({ m }: { m: ModelMetrics }) {
  const pb = m.processBench;
  if (!pb) return <td>–</td>;
  const { f1, accErr, accCorr, counts } = pb.score;
  const why =
    f1 !== null
      ? ''
      : counts.correct === 0
        ? ' (no scored trace is labelled correct, so F1 is undefined)'
        : ' (no scored trace has an error)';
  return (
    <td data-testid="f1" data-f1={f1 ?? ''} data-acc-err={accErr ?? ''} data-acc-corr={accCorr ?? ''}>
      {f1 === null ? 'n/a' : pct(f1)}
      {why} · acc_err {pct(accErr)} of {counts.erroneous} · acc_corr {pct(accCorr)} of {counts.correct} · τ ={' '}
      {pb.tau === null ? 'vote' : pb.tau.toPrecision(4)} ({pb.tauSource})
    </td>
  );
}

/** The metrics table, the threshold sweeps, exports, and every trace with each model's verdict; a row opens in Inspect. */
export function DatasetResults({
  items,
  traces,
  onOpen,
  onExport,
}: {
  items: readonly DatasetItem[];
  traces: readonly Trace[];
  onOpen: (trace: Trace) => void;
  onExport: (what: 'outcomes' | 'metrics' | 'json') => void;
}) {
  const rows = useResultRows();
  // Each distinct reason a trace was not scored, numbered once; the cells point to it.
  const reasons = useMemo(() => {
    const count = new Map<string, number>();
    for (const r of rows) for (const o of r.outcomes.values()) if (!o.run && o.error) count.set(o.error, (count.get(o.error) ?? 0) + 1);
    return [...count];
  }, [rows]);
  const reasonNumber = (error: string | null | undefined) => reasons.findIndex(([e]) => e === error) + 1;
  return (
    <section className="panel" aria-labelledby="results-title" data-testid="dataset-results">
      <h2 id="results-title">Results</h2>
      <p className="hint">
        {items.length} items. F1 is ProcessBench&apos;s: the harmonic mean of the accuracy on traces with an error (finding exactly the
        first wrong step) and on correct traces (finding none). Truncated traces are judged on the steps that were scored. The table, the
        metrics and both CSVs read each model&apos;s first wrong step at the τ in its row. <RuleHelp />
      </p>
      <table className="metrics-table">
        <thead>
          <tr>
            <th scope="col">model</th>
            <th scope="col">method</th>
            <th scope="col">scored / not scored / truncated</th>
            <th scope="col">ProcessBench F1</th>
            <th scope="col">best τ on this data</th>
            <th scope="col">pairwise accuracy</th>
            <th scope="col">BoN@n / weighted vote</th>
            <th scope="col">token AUROC</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ model, method, metrics: m }) => (
            <tr key={model} data-testid="metrics-row" data-model={model}>
              <th scope="row">{model}</th>
              <td>
                {method} <StepTauField model={model} method={method} />
              </td>
              <td data-testid="counts" data-not-reached={m.notReached}>
                {m.scored} / {m.failed} / {m.truncated}
                {m.notReached > 0 && ` · ${m.notReached} not reached yet`}
                {m.unknownChars > 0 && ` · ${m.unknownChars} read with characters the tokenizer lacks`}
              </td>
              <F1Cell m={m} />
              <td data-testid="best-f1" data-best-f1={m.processBench?.best?.f1 ?? ''}>
                {m.processBench?.best ? `${pct(m.processBench.best.f1)} at ${m.processBench.best.tau.toPrecision(4)}` : '–'}
              </td>
              <td data-testid="pairwise">{m.pairwise ? `${frac(m.pairwise.accuracy)} of ${m.pairwise.pairs} pairs` : '–'}</td>
              <td>{m.bon ? `${frac(m.bon.accuracy)} / ${frac(m.bon.weightedVote)} (n=${m.bon.n}, ${m.bon.problems} problems)` : '–'}</td>
              <td>{m.tokenAuroc ? `${frac(m.tokenAuroc.mean)} (${m.tokenAuroc.traces} traces)` : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="panel-row">
        <button type="button" data-testid="dataset-export-csv" onClick={() => onExport('outcomes')}>
          Traces CSV
        </button>
        <button type="button" data-testid="dataset-export-metrics" onClick={() => onExport('metrics')}>
          Metrics CSV
        </button>
        <button type="button" data-testid="dataset-export-json" onClick={() => onExport('json')}>
          JSON
        </button>
      </div>
      {rows.map(({ model, metrics: m }) =>
        m.processBench?.best ? <SweepChart key={model} best={m.processBench.best} tau={m.processBench.tau} title={model} /> : null,
      )}
      <AggregationExplorer traces={traces} rows={rows} />
      <TriageList traces={traces} rows={rows} onOpen={onOpen} reasonOf={reasonNumber} />
      {reasons.length > 0 && (
        <>
          <h3>Why traces were not scored</h3>
          <ol className="not-scored-reasons" data-testid="not-scored-reasons">
            {reasons.map(([error, n]) => (
              <li key={error}>
                {error} ({n} {n === 1 ? 'trace' : 'traces'})
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
