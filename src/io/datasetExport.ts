/** Exports of a dataset run: one CSV row per trace and model, and the metrics table as CSV; both stamped. */
import { APP_VERSION } from '../domain/appVersion';
import type { DatasetItem } from '../domain/dataset';
import type { ModelMetrics } from '../eval/datasetMetrics';
import { firstWrongStep, stepTauOf } from '../eval/stepVerdicts';
import { csvField } from './runExport';
import { datasetTraces, type TraceOutcome } from '../eval/datasetMetrics';

const csv = (rows: (string | number | null | undefined)[][]) =>
  rows.map((r) => r.map((v) => csvField(v ?? null)).join(',')).join('\r\n') + '\r\n';
const stamp = (dataset: string, models: readonly string[]) =>
  `# CreditLens ${APP_VERSION}; dataset ${dataset}; models ${models.join(', ')}`;

/** One row per trace per model: the truth, the prediction at the method's default τ, the scores, and why a trace was not scored. */
/** A first-wrong-step index as people read it: numbered from 1, "none" when every step is right, empty when unknown. */
const stepNumber = (k: number | null | undefined) => (k === null || k === undefined ? null : k < 0 ? 'none' : k + 1);

export function outcomesCsv(
  dataset: string,
  items: readonly DatasetItem[],
  outcomes: Readonly<Record<string, ReadonlyMap<string, TraceOutcome>>>,
): string {
  const rows: (string | number | null | undefined)[][] = [
    [
      'trace',
      'model',
      'method',
      'device',
      'first_wrong_step',
      'predicted_first_wrong_step',
      'step_tau',
      'trace_score',
      'step_scores',
      'truncated',
      'error',
    ],
  ];
  const traces = datasetTraces(items);
  for (const [model, byTrace] of Object.entries(outcomes))
    for (const t of traces) {
      const o = byTrace.get(t.id);
      const run = o?.run ?? null;
      rows.push([
        t.id,
        model,
        run?.method,
        run?.device,
        stepNumber(t.firstErrorStep),
        run ? stepNumber(firstWrongStep(run)) : null,
        run ? stepTauOf(run)?.value : null,
        run?.traceScore,
        run?.stepScores?.map((v) => v.toPrecision(6)).join(' '),
        o?.truncated ? 'yes' : '',
        o ? (o.error ?? '') : 'not scored yet',
      ]);
    }
  return `${stamp(dataset, Object.keys(outcomes))}\r\n${csv(rows)}`;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Number(v.toFixed(2)));

/** The metrics table: one row per model and method. */
export function metricsCsv(dataset: string, rows: readonly { model: string; method: string; metrics: ModelMetrics }[]): string {
  const out: (string | number | null | undefined)[][] = [
    [
      'model',
      'method',
      'scored',
      'failed',
      'truncated',
      'f1',
      'acc_err',
      'acc_corr',
      'tau',
      'tau_source',
      'best_tau',
      'best_f1',
      'pairwise_accuracy',
      'pairs',
      'bon_n',
      'bon_accuracy',
      'weighted_vote',
      'token_auroc',
    ],
  ];
  for (const { model, method, metrics: m } of rows) {
    const pb = m.processBench;
    out.push([
      model,
      method,
      m.scored,
      m.failed,
      m.truncated,
      pct(pb?.score.f1),
      pct(pb?.score.accErr),
      pct(pb?.score.accCorr),
      pb?.tau,
      pb?.tauSource,
      pb?.best?.tau,
      pct(pb?.best?.f1),
      m.pairwise?.accuracy,
      m.pairwise?.pairs,
      m.bon?.n,
      m.bon?.accuracy,
      m.bon?.weightedVote,
      m.tokenAuroc?.mean,
    ]);
  }
  return `${stamp(
    dataset,
    rows.map((r) => r.model),
  )}\r\n${csv(out)}`;
}
