/**
 * npm run eval -- --data <file> --models <a,b> [--methods qrm,pqm,...] [--format <name>] [--limit N]
 *   [--truncation steps-that-fit|skip] [--tau <model>=<value>] [--json <out>]
 *   [--endpoint URL [--api-key KEY] [--concurrency 8] [--tokenizer DIR] [--timeout S]]
 * Scores a dataset file of any known format with the shipped models on onnxruntime-node, with the runtime core the
 * browser uses, and prints each model's metrics. A policy and its reference together add the implicit PRM. With
 * --endpoint the models are scored on a serving engine (cli/engineModels.ts).
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { FORMATS, type DatasetFormat } from '../domain/dataset';
import type { ModelMetrics } from '../eval/datasetMetrics';
import type { ScoreRun } from '../methods/scoreRun';
import { importDataset } from '../io/importDataset';
import { scoreBatch, type BatchOutcome } from '../runtime/batch';
import { critique, critiqueBatch } from '../runtime/critique';
import { toWorkbenchError } from '../domain/errors';
import type { ScoringModel } from '../runtime/scoringModel';
import { RemoteModel } from '../runtime/engine/remoteModel';
import { engineArgs, openEngineModel } from './engineModels';
import { progress, type Progress } from './progress';
import { argValue } from './args';
import { fileChunks } from './fileChunks';
import { openNodeModel } from '../runtime/nodeModel';
import { DEFAULT_CAPO } from '../methods/capo';
import { implicitPrmRun } from '../methods/implicitPrm';
import { DEFAULT_SCORING } from '../methods/method';
import { TRUNCATIONS, type Truncation } from '../domain/truncation';
import { datasetTraces, metricsFromOutcomes, type TraceOutcome } from '../eval/datasetMetrics';
import { withUserTau } from '../eval/stepVerdicts';

export interface EvalRow {
  model: string;
  method: string;
  metrics: ModelMetrics;
}

async function outcomesOf(
  runner: ScoringModel,
  traces: ReturnType<typeof datasetTraces>,
  truncation: Truncation,
  tick: (n: number) => void = () => undefined,
): Promise<BatchOutcome[]> {
  const device = runner instanceof RemoteModel ? runner.device : 'node';
  if (runner.parts.card.method !== 'capo-critic') {
    const out: BatchOutcome[] = [];
    for (let i = 0; i < traces.length; i += 64) {
      out.push(...(await scoreBatch(runner, traces.slice(i, i + 64), device, DEFAULT_SCORING, truncation)));
      tick(Math.min(64, traces.length - i));
    }
    return out;
  }
  const out: BatchOutcome[] = [];
  const options = { n: 4, temperature: 1, seed: 1, maxTokens: 160 };
  const one = async (t: (typeof traces)[number]): Promise<BatchOutcome> => {
    try {
      return { traceId: t.id, run: await critique(runner, t, options, DEFAULT_CAPO, device), error: null, truncated: null };
    } catch (e) {
      return { traceId: t.id, run: null, error: toWorkbenchError(e), truncated: null };
    }
  };
  // Sixteen traces a batch: the same critiques as one at a time, in far fewer passes. A batch that fails goes again
  // one trace at a time, so the error lands on the trace that caused it.
  for (let i = 0; i < traces.length; i += 16) {
    const chunk = traces.slice(i, i + 16);
    const runs = await critiqueBatch(runner, chunk, options, DEFAULT_CAPO, device).catch(() => null);
    // A trace whose every review abstained goes again alone too: alone, one that outgrew the context is an error.
    for (const [k, t] of chunk.entries()) {
      const run = runs?.[k];
      out.push(run && run.capo?.votes.voters ? { traceId: t.id, run, error: null, truncated: null } : await one(t));
    }
    tick(chunk.length);
  }
  return out;
}

/** Scores the dataset with each model and returns a metrics row per model and method. */
export async function evaluateFile(
  path: string,
  options: {
    models: string[];
    modelsDir?: string;
    format?: DatasetFormat;
    limit?: number;
    truncation?: Truncation;
    tau?: Record<string, number>;
    methods?: string[];
    /** Opens a model by the name given in `models`; in-process from `modelsDir` unless given (an engine). */
    open?: (id: string) => Promise<ScoringModel>;
    /** Told how far each model has got (the command line's progress line). */
    progress?: (model: string, total: number) => Progress;
  },
): Promise<{
  rows: EvalRow[];
  problems: { line: number; message: string }[];
  problemCount: number;
  failures: { model: string; traceId: string; message: string }[];
  items: number;
}> {
  const dataset = await importDataset(basename(path), fileChunks(path), { format: options.format });
  const items = dataset.items.slice(0, options.limit ?? dataset.items.length);
  const traces = datasetTraces(items);
  const rows: EvalRow[] = [];
  const failures: { model: string; traceId: string; message: string }[] = [];
  const byRole = new Map<string, { id: string; outcomes: Map<string, TraceOutcome> }>();
  const add = (model: string, method: string, outcomes: Map<string, TraceOutcome>) => {
    if (options.methods && !options.methods.includes(method)) return;
    rows.push({ model, method, metrics: metricsFromOutcomes(items, outcomes) });
  };
  for (const id of options.models) {
    const runner = await (options.open ?? ((m: string) => openNodeModel(options.modelsDir ?? 'models', m)))(id);
    const shown = options.progress?.(id, traces.length);
    const outcomes = await outcomesOf(runner, traces, options.truncation ?? 'steps-that-fit', (n) => shown?.tick(n));
    shown?.done();
    for (const o of outcomes) if (o.error) failures.push({ model: id, traceId: o.traceId, message: `${o.error.message} ${o.error.hint}` });
    // The runs carry the card's τ (or the method's default); --tau model=τ reads them at the user's.
    const userTau = options.tau?.[id];
    const read = (run: ScoreRun | null) => run && withUserTau(run, userTau);
    const map = new Map(outcomes.map((o) => [o.traceId, { run: read(o.run), truncated: o.truncated !== null }]));
    const method = outcomes.find((o) => o.run)?.run?.method ?? runner.parts.card.method ?? 'logprob';
    add(id, method, map);
    byRole.set(runner.parts.card.role, { id, outcomes: map });
  }
  const [policy, reference] = [byRole.get('policy'), byRole.get('reference')];
  if (policy && reference) {
    const implicit = new Map<string, TraceOutcome>();
    for (const t of traces) {
      const [p, r] = [policy.outcomes.get(t.id), reference.outcomes.get(t.id)];
      let run: ScoreRun | null = null;
      if (p?.run && r?.run && !p.truncated && !r.truncated) run = implicitPrmRun(t, p.run, r.run);
      implicit.set(t.id, { run, truncated: false });
    }
    add(`${policy.id} ÷ ${reference.id}`, 'implicit-prm', implicit);
  }
  return { rows, problems: dataset.problems, problemCount: dataset.problemCount, failures, items: items.length };
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(1));
const frac = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v.toFixed(3));

export function evalTable(rows: readonly EvalRow[]): string {
  const lines = [
    '| model | method | scored | failed | truncated | read with unknown characters | ProcessBench F1 (acc_err / acc_corr) at τ | best τ on this data | pairwise acc | BoN@n / weighted vote | token AUROC |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const { model, method, metrics: m } of rows) {
    const pb = m.processBench;
    lines.push(
      `| ${model} | ${method} | ${m.scored} | ${m.failed} | ${m.truncated} | ${m.unknownChars} | ${
        pb
          ? `${pct(pb.score.f1)} (${pct(pb.score.accErr)} / ${pct(pb.score.accCorr)}) at ${pb.tau === null ? 'vote' : pb.tau.toPrecision(4)} (${pb.tauSource})`
          : '–'
      } | ${pb?.best ? `${pct(pb.best.f1)} at ${pb.best.tau.toPrecision(4)}` : '–'} | ${m.pairwise ? `${frac(m.pairwise.accuracy)} (${m.pairwise.pairs} pairs)` : '–'} | ${
        m.bon ? `${frac(m.bon.accuracy)} / ${frac(m.bon.weightedVote)} (n=${m.bon.n}, ${m.bon.problems} problems)` : '–'
      } | ${m.tokenAuroc ? `${frac(m.tokenAuroc.mean)} (${m.tokenAuroc.traces})` : '–'} |`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const data = argValue('--data');
  const models = argValue('--models')?.split(',').filter(Boolean);
  if (!data || !models?.length) {
    console.error(
      'Usage: npm run eval -- --data <file> --models <a,b> [--methods ...] [--format <name>] [--limit N] [--truncation steps-that-fit|skip] [--tau <model>=<value>] [--json <out>] [--endpoint URL --concurrency 8 --api-key KEY --tokenizer DIR]',
    );
    return 2;
  }
  const format = argValue('--format');
  if (format && !FORMATS.includes(format as DatasetFormat)) {
    console.error(`Unknown format "${format}". Known: ${FORMATS.join(', ')}.`);
    return 2;
  }
  const truncation = argValue('--truncation') ?? 'steps-that-fit';
  if (!TRUNCATIONS.includes(truncation as Truncation)) {
    console.error(`Unknown truncation "${truncation}". Known: ${TRUNCATIONS.join(', ')}.`);
    return 2;
  }
  const tau = Object.fromEntries(
    process.argv.flatMap((a, i) => (process.argv[i - 1] === '--tau' ? [a.split('=')] : [])).map(([k, v]) => [k, Number(v)]),
  ) as Record<string, number>;
  const limit = argValue('--limit');
  const engine = engineArgs();
  const t0 = performance.now();
  const result = await evaluateFile(data, {
    open: engine ? (id) => openEngineModel(engine, id) : undefined,
    models,
    format: format as DatasetFormat | undefined,
    limit: limit ? Number(limit) : undefined,
    truncation: truncation as Truncation,
    tau,
    methods: argValue('--methods')?.split(','),
    progress: (model, total) => progress(`npm run eval: ${model}`, total, { unit: 'traces' }),
  });
  for (const p of result.problems) console.error(`${data}:${p.line}: skipped: ${p.message}`);
  const reasons = new Map<string, number>();
  for (const f of result.failures) reasons.set(`${f.model}: ${f.message}`, (reasons.get(`${f.model}: ${f.message}`) ?? 0) + 1);
  for (const [why, n] of [...reasons].slice(0, 20)) console.error(`${n} trace(s) not scored — ${why}`);
  console.log(evalTable(result.rows));
  console.log(
    `\n${result.items} items from ${data}; ${result.problemCount} lines skipped; ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
  );
  const out = argValue('--json');
  if (out) writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  return 0;
}

if (process.argv[1]?.endsWith('eval.ts')) process.exitCode = await main();
