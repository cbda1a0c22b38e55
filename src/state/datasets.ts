/**
 * The Datasets view's store: an imported dataset, a batch run over it (every model in its own worker, in chunks,
 * with progress, cancel and resume), and the outcomes, kept in IndexedDB so a reload finds them again.
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import type { Dataset, DatasetFormat } from '../domain/dataset';
import type { ScoreRun } from '../methods/scoreRun';
import type { Trace } from '../domain/trace';
import { ImportReplaced, importInWorker } from '../io/importInWorker';
import { readDatasetScoresInWorker } from '../io/importedScoresInWorker';
import { IMPORTED_DEVICE, type DatasetScoreLine, type ImportedTrace } from '../io/importedScores';
import { APP_VERSION } from '../domain/appVersion';
import { stepCells } from '../io/rollouts';
import { tokenStepIndex } from '../domain/stepTokens';
import { skippedWords, type ImportProblem } from '../domain/dataset';
import { ENGINE_WIDE, toWorkbenchError } from '../domain/errors';
import { critiqueRequest } from './capoSettings';
import { DATASET_STORE } from '../domain/storage';
import { withStore } from './session';
import { atUserTau, onStepTausChange, useStepTaus } from './stepTaus';
import { modelController, syncView, useWorkbench } from './workbench';
import { useTriage } from './triage';
import type { Job } from '../client/modelController';
import { DEFAULT_SCORING } from '../methods/method';
import type { Truncation } from '../domain/truncation';
import { datasetTraces, metricsFromOutcomes, type ModelMetrics, type TraceOutcome } from '../eval/datasetMetrics';
import type { ModelIndexEntry } from '../model/modelCard';
import { tokenStepAggregates } from '../eval/aggregation';

const CHUNK = 16;
/** How often a run whose engine is down asks again. */
const ENGINE_RETRY_MS = 3000;
const KEY = 'current';

/** Traces per second since the run reached its steady pace; null until a chunk beyond the first is done. */
export function steadyRate(run: BatchRun): number | null {
  const { steady } = run;
  return steady && steady.ms > 0 && run.done > steady.done ? (run.done - steady.done) / (steady.ms / 1000) : null;
}

export interface BatchRun {
  models: string[];
  truncation: Truncation;
  /** How many items (from the start of the dataset) the run covers. */
  limit: number;
  status: 'running' | 'paused' | 'done';
  /** Traces scored (or refused) so far, over every model. */
  done: number;
  total: number;
  /** Milliseconds spent running, over every resume, for throughput. */
  activeMs: number;
  /**
   * Traces done when this stretch of running reached its steady pace (its first chunk done, so the models have loaded and
   * warmed up), and the milliseconds since: what the time left is estimated from.
   */
  steady?: { done: number; ms: number };
  /** Model → trace id → outcome. */
  outcomes: Record<string, Record<string, TraceOutcome>>;
  /** Set while a served model's engine cannot be reached: what happened; the run tries again until it answers. */
  waiting?: string | null;
  /**
   * Models whose scores came from a file (scores computed elsewhere, matched to the traces by id): columns like the
   * others in every table, metric and triage sort, never scored here.
   */
  imported?: string[];
}

/** The models a run scores here (not those read from a file). */
export const liveModels = (run: BatchRun | null): string[] => (run ? run.models.filter((m) => !run.imported?.includes(m)) : []);

interface DatasetsState {
  dataset: Dataset | null;
  /** Records read so far while a file streams in. */
  importing: { name: string; records: number } | null;
  importError: string | null;
  run: BatchRun | null;
  restored: boolean;
  /** The id of the dataset trace last opened in Inspect: where previous and next go from. */
  openedId: string | null;
  importFile: (file: Blob, name: string, format?: DatasetFormat, keepRun?: boolean) => Promise<void>;
  start: (models: string[], limit: number, truncation: Truncation) => Promise<void>;
  resume: () => Promise<void>;
  cancel: () => void;
  restore: () => Promise<void>;
  openInInspect: (trace: Trace) => void;
  /** Adds the scores a file gives for the dataset's traces (by id) as model columns; resolves to what happened, in words. */
  addScores: (file: Blob, name: string) => Promise<string>;
  /**
   * Opens imported rollouts (Inspect's Import scores) as a dataset whose columns are their per-rollout numbers (the
   * rewards, scores, advantages), so the triage list sorts them by how much those disagree. Kept for this tab only.
   */
  openRollouts: (name: string, rollouts: readonly ImportedTrace[]) => void;
}

/** What is kept of a run: everything the metrics read; tokens only where the wrong characters are known (AUROC). */
function slim(run: ScoreRun, trace: Trace): ScoreRun {
  const keepTokens = (trace.wrongSpans?.length ?? 0) > 0;
  return atUserTau({ ...run, raw: {}, tokens: keepTokens ? run.tokens : [], tokenScores: keepTokens ? run.tokenScores : [] });
}

/** Every outcome's run read again at the user's τs (after one changed, or a run restored from an older visit). */
function restampRun(run: BatchRun, byModel: Record<string, number>): BatchRun {
  const outcomes = Object.fromEntries(
    Object.entries(run.outcomes).map(([model, byTrace]) => [
      model,
      Object.fromEntries(Object.entries(byTrace).map(([id, o]) => [id, o.run ? { ...o, run: atUserTau(o.run, byModel) } : o])),
    ]),
  );
  return { ...run, outcomes };
}

/**
 * What IndexedDB keeps: the file itself (a Blob is stored by reference, so even 100 MB costs the page nothing), the
 * format it was read as, and the run. A reload reads the file again, streaming, and finds the run's outcomes.
 */
interface Saved {
  file: Blob | null;
  name: string;
  format: DatasetFormat | null;
  run: BatchRun | null;
}

const save = (saved: Saved) => withStore('readwrite', (s) => s.put(saved, KEY), DATASET_STORE).catch(() => undefined);

let jobs: Job<unknown>[] = [];
let stopping = false;

export const useDatasets = create<DatasetsState>()((set, get) => {
  let source: { file: Blob; name: string } | null = null;
  /** The runs of this very file read under other formats: a wrong Format loses nothing, and going back finds them. */
  let byFormat: Partial<Record<DatasetFormat, BatchRun>> = {};
  const persist = () =>
    void save({ file: source?.file ?? null, name: source?.name ?? '', format: get().dataset?.format ?? null, run: get().run });

  /** Scores every trace of the run that has no outcome yet; each model works through its chunks in its own worker. */
  async function work(): Promise<void> {
    const { dataset, run } = get();
    if (!dataset || !run) return;
    stopping = false;
    const traces = datasetTraces(dataset.items.slice(0, run.limit));
    const critics = new Set(
      useWorkbench
        .getState()
        .models.filter((m) => m.method === 'capo-critic')
        .map((m) => m.id),
    );
    set({ run: { ...run, status: 'running', steady: undefined } });
    let lastSave = performance.now();
    let tick = performance.now();
    const record = (model: string, chunk: Trace[], outcomes: TraceOutcome[]) => {
      const now = performance.now();
      set((s) => {
        if (!s.run) return s;
        const mine = { ...(s.run.outcomes[model] ?? {}) };
        chunk.forEach((t, i) => (mine[t.id] = outcomes[i]));
        const done = s.run.done + chunk.length;
        const { steady } = s.run;
        return {
          run: {
            ...s.run,
            outcomes: { ...s.run.outcomes, [model]: mine },
            done,
            activeMs: s.run.activeMs + (now - tick),
            steady: steady ? { done: steady.done, ms: steady.ms + (now - tick) } : { done, ms: 0 },
          },
        };
      });
      tick = now;
      if (get().run?.waiting) set((s) => (s.run ? { run: { ...s.run, waiting: null } } : s));
      if (now - lastSave > 2000) {
        lastSave = now;
        persist();
      }
    };
    await Promise.all(
      liveModels(run).map(async (model) => {
        const c = modelController(model);
        const todo = traces.filter((t) => !(get().run?.outcomes[model] ?? {})[t.id]);
        for (let i = 0; i < todo.length && !stopping; i += CHUNK) {
          const chunk = todo.slice(i, i + CHUNK);
          try {
            if (critics.has(model)) {
              const out: TraceOutcome[] = [];
              for (const t of chunk) {
                const job = c.critique(t, critiqueRequest());
                jobs.push(job);
                out.push(
                  await job.done.then(
                    (r) => ({ run: slim(r, t), truncated: false, tokenSteps: tokenStepAggregates(r, t) }),
                    (e: unknown) => {
                      if (ENGINE_WIDE.has(toWorkbenchError(e).code)) throw e;
                      return { run: null, truncated: false, error: toWorkbenchError(e).message };
                    },
                  ),
                );
              }
              if (!stopping) record(model, chunk, out);
            } else {
              const job = c.scoreBatch(chunk, DEFAULT_SCORING, get().run?.truncation ?? 'steps-that-fit');
              jobs.push(job);
              const outcomes = await job.done;
              record(
                model,
                chunk,
                outcomes.map((o, k) => ({
                  run: o.run ? slim(o.run, chunk[k]) : null,
                  tokenSteps: o.run ? tokenStepAggregates(o.run, chunk[k]) : null,
                  truncated: o.truncated !== null,
                  error: o.error ? `${o.error.message} ${o.error.hint}` : null,
                })),
              );
            }
          } catch (e) {
            const error = toWorkbenchError(e);
            if (error.code === 'cancelled' || stopping) return;
            if (ENGINE_WIDE.has(error.code)) {
              // The engine is down or refuses the key: nothing is recorded; the chunk is tried again until it answers.
              set((s) => (s.run ? { run: { ...s.run, waiting: `${model}: ${error.message} ${error.hint}` } } : s));
              await new Promise((resolve) => setTimeout(resolve, ENGINE_RETRY_MS));
              i -= CHUNK;
              continue;
            }
            // The whole chunk failed (the model did not load, the worker died): say so on every trace, keep going.
            record(
              model,
              chunk,
              chunk.map(() => ({ run: null, truncated: false, error: `${error.message} ${error.hint}` })),
            );
          }
        }
      }),
    );
    jobs = [];
    const r = get().run;
    if (r) set({ run: { ...r, waiting: null, status: stopping || r.done < r.total ? 'paused' : 'done' } });
    persist();
  }

  return {
    dataset: null,
    importing: null,
    importError: null,
    run: null,
    restored: false,
    openedId: null,

    async importFile(file, name, format, keepRun = false) {
      set({ importing: { name, records: 0 }, importError: null });
      try {
        const before = get();
        const dataset = await importInWorker(file, name, format, (records) => set({ importing: { name, records } }));
        if (source?.file !== file) byFormat = {};
        else if (before.dataset && before.run) byFormat[before.dataset.format] = before.run;
        source = { file, name };
        set({ dataset, importing: null, run: keepRun ? get().run : (byFormat[dataset.format] ?? null) });
        if (!keepRun) persist();
      } catch (e) {
        if (e instanceof ImportReplaced) return;
        set({ importing: null, importError: e instanceof Error ? e.message : String(e) });
      }
    },

    async start(models, limit, truncation) {
      const { dataset } = get();
      if (!dataset || !models.length) return;
      const n = Math.max(1, Math.min(limit, dataset.items.length));
      const total = datasetTraces(dataset.items.slice(0, n)).length * models.length;
      // Columns read from a file stay beside the new run's.
      const imported = get().run?.imported ?? [];
      const kept = Object.fromEntries(imported.map((m) => [m, get().run?.outcomes[m] ?? {}]));
      set({
        run: {
          models: [...models, ...imported],
          truncation,
          limit: n,
          status: 'running',
          done: 0,
          total,
          activeMs: 0,
          outcomes: kept,
          ...(imported.length ? { imported } : {}),
        },
      });
      await work();
    },

    openRollouts(name, rollouts) {
      const models = [...new Set(rollouts.flatMap((r) => r.runs.filter((x) => x.method === 'orm').map((x) => x.modelId)))];
      const outcomes: BatchRun['outcomes'] = Object.fromEntries(
        models.map((m) => [
          m,
          Object.fromEntries(
            rollouts.map(({ trace, runs }) => {
              const run = runs.find((x) => x.modelId === m && x.method === 'orm');
              const outcome: TraceOutcome = run
                ? { run: { ...run, tokens: [], tokenScores: [], raw: {} }, truncated: false }
                : { run: null, truncated: false, error: `The dump gives no ${m} for this rollout.` };
              return [trace.id, outcome];
            }),
          ),
        ]),
      );
      source = null;
      byFormat = {};
      set({
        dataset: {
          name,
          format: 'creditlens',
          items: rollouts.map(({ trace }) => ({ kind: 'trace', trace })),
          problems: [],
          problemCount: 0,
        },
        importError: null,
        run: {
          models,
          imported: models,
          truncation: 'steps-that-fit',
          limit: rollouts.length,
          status: 'done',
          done: 0,
          total: 0,
          activeMs: 0,
          outcomes,
        },
      });
    },

    async addScores(file, name) {
      const { dataset } = get();
      if (!dataset) return 'Import a dataset first: the scores file names its traces by id.';
      const { lines, problems } = await readDatasetScoresInWorker(file, name);
      const before = get().run;
      const traces = runTraces(dataset, before?.limit);
      const { outcomes, models, left } = scoresAsOutcomes(traces, lines);
      const skipped = skippedWords([...problems, ...left].sort((a, b) => a.line - b.line));
      if (!models.length) return `${name} gives no scores for this dataset's traces.${skipped} Nothing changed.`;
      const clash = models.filter((m) => liveModels(before).includes(m));
      if (clash.length) return `${name} scores ${clash.join(', ')}, which this run scores here already. Rename the model in the file.`;
      const run: BatchRun = before ?? {
        models: [],
        truncation: 'steps-that-fit',
        limit: dataset.items.length,
        status: 'done',
        done: 0,
        total: 0,
        activeMs: 0,
        outcomes: {},
      };
      const imported = [...new Set([...(run.imported ?? []), ...models])];
      set({
        run: {
          ...run,
          models: [...run.models.filter((m) => !models.includes(m)), ...models],
          imported,
          outcomes: { ...run.outcomes, ...outcomes },
        },
      });
      persist();
      const scored = models.map((m) => Object.values(outcomes[m]).filter((o) => o.run).length);
      return `${name}: ${models.map((m, k) => `${m} (${scored[k].toLocaleString('en')} of ${traces.length.toLocaleString('en')} traces)`).join(', ')} added.${skipped}`;
    },

    resume: () => work(),

    cancel() {
      stopping = true;
      jobs.forEach((j) => j.cancel());
      jobs = [];
    },

    async restore() {
      if (get().restored) return;
      set({ restored: true });
      const saved = (await withStore('readonly', (s) => s.get(KEY) as IDBRequest<unknown>, DATASET_STORE).catch(
        () => null,
      )) as Saved | null;
      if (!saved?.file) return;
      const run = saved.run
        ? restampRun(
            { ...saved.run, status: saved.run.status === 'running' ? ('paused' as const) : saved.run.status },
            useStepTaus.getState().byModel,
          )
        : null;
      set({ run });
      await get().importFile(saved.file, saved.name, saved.format ?? undefined, true);
    },

    openInInspect(trace) {
      set({ openedId: trace.id });
      const run = get().run;
      const wb = useWorkbench.getState();
      // Inspect reads it as the run did: a trace the run scored in part is scored in part there too.
      if (run?.truncation) wb.setLongTraces(run.truncation);
      // A rollout opened from Inspect's import comes back with all its rows (channels included); scores read from a
      // file go on the page as rows on the trace's steps, beside the live models' rows.
      const rollout = wb.imported.find((t) => t.trace.id === trace.id && t.trace.response === trace.response);
      if (rollout) wb.restoreView(rollout.trace, rollout.runs);
      else
        wb.restoreView(
          trace,
          (run?.imported ?? []).flatMap((m) => {
            const o = run?.outcomes[m]?.[trace.id];
            return o?.run ? [onSteps(o.run, trace)] : [];
          }),
        );
      // Each opened trace is a history entry of its own at once, so Back steps through them in order.
      void syncView();
      // The same models as the run: the page's picks become the run's live models.
      const live = liveModels(run);
      const same = !live.length || (live.length === wb.selected.length && live.every((id) => wb.selected.includes(id)));
      if (same) void wb.score();
      else {
        const adds = live.some((id) => !wb.selected.includes(id));
        void wb.setSelected(live).then(() => (adds ? undefined : useWorkbench.getState().score()));
      }
    },
  };
});

/**
 * A run read from a scores file, drawn on its trace: each step's cells carry the step's value, or every cell the
 * trace score when the file gave no step values.
 */
function onSteps(run: ScoreRun, trace: Trace): ScoreRun {
  const cells = stepCells(trace);
  const owner = tokenStepIndex(trace.steps, cells);
  return {
    ...run,
    tokens: cells,
    tokenScores: owner.map((k) => (run.stepScores ? (k >= 0 ? run.stepScores[k] : null) : run.traceScore)),
  };
}

/**
 * The outcomes a scores file gives each of its models on the run's traces, found by id; a trace a model has no line
 * for is "not scored", with why. Lines that name no trace of the run, or whose steps do not fit it, are named.
 */
export function scoresAsOutcomes(
  traces: readonly Trace[],
  lines: readonly DatasetScoreLine[],
): { outcomes: Record<string, Record<string, TraceOutcome>>; models: string[]; left: ImportProblem[] } {
  const byId = new Map(traces.map((t) => [t.id, t]));
  const outcomes: Record<string, Record<string, TraceOutcome>> = {};
  const left: ImportProblem[] = [];
  for (const l of lines) {
    const trace = byId.get(l.id);
    if (!trace) {
      left.push({ line: l.line, message: `no trace of the dataset (in the run) has the id ${l.id}` });
      continue;
    }
    if (l.response !== undefined && l.response !== trace.response) {
      left.push({ line: l.line, message: `its "response" is not trace ${l.id}'s` });
      continue;
    }
    if (l.stepValues && l.stepValues.length !== trace.steps.length) {
      left.push({
        line: l.line,
        message: `"step_values" has ${l.stepValues.length} values for trace ${l.id}'s ${trace.steps.length} steps`,
      });
      continue;
    }
    const mine = (outcomes[l.model] ??= {});
    if (mine[l.id]) {
      left.push({ line: l.line, message: `${l.model} already scored trace ${l.id}` });
      continue;
    }
    const run: ScoreRun = {
      traceId: l.id,
      modelId: l.model,
      method: l.method,
      device: IMPORTED_DEVICE,
      dtype: 'float32',
      tokens: [],
      tokenScores: [],
      stepScores: l.stepValues,
      traceScore: l.traceScore,
      raw: {},
      timingMs: { tokenize: 0, run: 0, total: 0 },
      bytesRead: 0,
      appVersion: APP_VERSION,
    };
    mine[l.id] = { run: atUserTau(run), truncated: false };
  }
  for (const mine of Object.values(outcomes))
    for (const t of traces) mine[t.id] ??= { run: null, truncated: false, error: 'The scores file has no line for this trace.' };
  return { outcomes, models: Object.keys(outcomes), left };
}

/** The traces a run covers, in the order its table lists them. */
const runTraces = (dataset: Dataset | null, limit: number | undefined): Trace[] =>
  dataset ? datasetTraces(dataset.items.slice(0, limit ?? dataset.items.length)) : [];

/**
 * Where the trace on the Inspect page sits in the dataset's triage list (its file order until it is sorted), and
 * how to open its neighbours; null when the page shows no dataset trace (another was typed or picked since), or one
 * the list's filter leaves out.
 */
export function useDatasetNav(): { index: number; total: number; id: string; go: (delta: number) => void } | null {
  const dataset = useDatasets((s) => s.dataset);
  const limit = useDatasets((s) => s.run?.limit);
  const openedId = useDatasets((s) => s.openedId);
  const shown = useWorkbench((s) => s.scoredTrace?.id ?? null);
  const text = useWorkbench((s) => s.text);
  const scoredText = useWorkbench((s) => s.scoredText);
  const all = useMemo(() => runTraces(dataset, limit), [dataset, limit]);
  // Previous and next follow the triage list as sorted and filtered, so a person walks the traces they chose.
  const sorted = useTriage((s) => s.order);
  const traces = useMemo(() => (sorted && sorted.every((i) => i < all.length) ? Array.from(sorted, (i) => all[i]) : all), [sorted, all]);
  const here = openedId && shown === openedId && text === scoredText ? openedId : null;
  // One object while the same trace is shown, so a keyboard listener bound to it is bound once.
  return useMemo(() => {
    const index = here ? traces.findIndex((t) => t.id === here) : -1;
    if (!here || index < 0) return null;
    const go = (delta: number) => {
      const next = traces[index + delta];
      if (next) useDatasets.getState().openInInspect(next);
    };
    return { index, total: traces.length, id: here, go };
  }, [here, traces]);
}

// A τ the user changes re-reads the run's outcomes, so its table, metrics and CSVs move together (and it is saved so).
onStepTausChange((byModel) => {
  const run = useDatasets.getState().run;
  if (run) useDatasets.setState({ run: restampRun(run, byModel) });
});

export interface ResultRow {
  model: string;
  method: string;
  outcomes: ReadonlyMap<string, TraceOutcome>;
  metrics: ModelMetrics;
}

let lastRows: { dataset: Dataset; run: BatchRun; models: readonly ModelIndexEntry[]; rows: ResultRow[] } | null = null;

/**
 * Each model's metrics on a stopped run, at the τ its card carries when it has one. Computed once per run and
 * dataset (the τ sweep is the costly part), however many views ask.
 */
export function resultRows(dataset: Dataset | null, run: BatchRun | null, models: readonly ModelIndexEntry[]): ResultRow[] {
  if (!dataset || !run) return [];
  if (lastRows && lastRows.dataset === dataset && lastRows.run === run && lastRows.models === models) return lastRows.rows;
  const items = dataset.items.slice(0, run.limit);
  const rows = run.models.map((model) => {
    const outcomes = new Map<string, TraceOutcome>(Object.entries(run.outcomes[model] ?? {}));
    const method = [...outcomes.values()].find((o) => o.run)?.run?.method ?? models.find((m) => m.id === model)?.method ?? '';
    return {
      model,
      method,
      outcomes,
      metrics: metricsFromOutcomes(items, outcomes),
    };
  });
  lastRows = { dataset, run, models, rows };
  return rows;
}

/** The metrics rows of the current run, once it stops: not on every chunk while it runs. */
export function useResultRows(): ResultRow[] {
  const dataset = useDatasets((s) => s.dataset);
  const run = useDatasets((s) => s.run);
  const models = useWorkbench((s) => s.models);
  const settled = run?.status === 'running' ? null : run;
  return useMemo(() => resultRows(dataset, settled, models), [dataset, settled, models]);
}
