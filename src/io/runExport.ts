/**
 * Exports of a scored view: JSON (the trace and its full ScoreRuns, importable again) and CSV (token rows, step rows).
 * Every export is stamped with the app version and each run's model and backend.
 */
import { APP_VERSION } from '../domain/appVersion';
import type { ScoreRun } from '../methods/scoreRun';
import { tokenStepIndex } from '../domain/stepTokens';
import type { Trace } from '../domain/trace';
import { labelKey, RATINGS, type StepRating, type TraceLabels } from '../domain/stepLabels';
import { traceFromJson } from './traceJson';

export const EXPORT_FORMAT = 'creditlens-view';

export interface ViewExport {
  format: typeof EXPORT_FORMAT;
  appVersion: string;
  exportedAt: string;
  models: { id: string; method: string; device: string }[];
  trace: Trace;
  runs: ScoreRun[];
  /** The person's own step labels on this trace, when it has some: a rating (1, 0, −1) or null per step, and a note. */
  myLabels?: { ratings: (StepRating | null)[]; note: string };
}

/**
 * The file's form of a view: every 0-based step index says so in its name (`firstErrorStepIndex`, CAPO's
 * `wrongStepIndices`), since people number steps from 1 everywhere else. `parseViewExport` reads it back.
 */
function toFile(v: ViewExport): unknown {
  const { firstErrorStep, ...trace } = v.trace;
  return {
    ...v,
    trace: { ...trace, firstErrorStepIndex: firstErrorStep },
    runs: v.runs.map((r) =>
      r.capo
        ? {
            ...r,
            capo: {
              ...r.capo,
              critiques: r.capo.critiques.map(({ wrongSteps, ...c }) => ({ ...c, wrongStepIndices: wrongSteps })),
              votes: (({ wrong, ...votes }) => ({ ...votes, wrongStepIndices: wrong }))(r.capo.votes),
            },
          }
        : r,
    ),
  };
}

function runFromFile(run: Record<string, unknown>): Record<string, unknown> {
  const capo = run.capo as { critiques?: Record<string, unknown>[]; votes?: Record<string, unknown> } | undefined;
  if (!capo?.votes || !Array.isArray(capo.critiques)) return run;
  const { wrongStepIndices: wrong = capo.votes.wrong, ...votes } = capo.votes;
  return {
    ...run,
    capo: {
      ...capo,
      critiques: capo.critiques.map(({ wrongStepIndices, ...c }) => ({
        ...c,
        // null is an abstention, so only a missing field falls back to the older name.
        wrongSteps: wrongStepIndices === undefined ? c.wrongSteps : wrongStepIndices,
      })),
      votes: { ...votes, wrong },
    },
  };
}

export function viewExport(trace: Trace, runs: readonly ScoreRun[], now = new Date(), labels: TraceLabels | null = null): ViewExport {
  return {
    format: EXPORT_FORMAT,
    appVersion: APP_VERSION,
    exportedAt: now.toISOString(),
    models: runs.map((r) => ({ id: r.modelId, method: r.method, device: r.device })),
    trace,
    runs: [...runs],
    ...(labels ? { myLabels: { ratings: labels.ratings, note: labels.note } } : {}),
  };
}

/** The JSON text of a view export, with the person's labels on the trace when given. */
export const viewExportJson = (trace: Trace, runs: readonly ScoreRun[], now = new Date(), labels: TraceLabels | null = null): string =>
  JSON.stringify(toFile(viewExport(trace, runs, now, labels)), null, 2);

/** The labels a view export carries, as the label store keeps them; null when it has none or they do not fit its steps. */
export function exportedLabels(view: ViewExport, now: number): TraceLabels | null {
  const mine = view.myLabels;
  if (!mine || mine.ratings.length !== view.trace.steps.length) return null;
  return {
    key: labelKey(view.trace.problem, view.trace.response),
    traceId: view.trace.id,
    problem: view.trace.problem,
    response: view.trace.response,
    steps: view.trace.steps.map(({ text, charStart, charEnd }) => ({ text, charStart, charEnd })),
    ratings: mine.ratings,
    note: mine.note,
    ...(view.trace.goldAnswer === undefined ? {} : { goldAnswer: view.trace.goldAnswer }),
    createdAt: now,
    updatedAt: now,
  };
}

const isLabels = (v: unknown): v is ViewExport['myLabels'] =>
  isObject(v) &&
  typeof v.note === 'string' &&
  Array.isArray(v.ratings) &&
  v.ratings.every((r) => r === null || RATINGS.includes(r as StepRating));

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkRun(raw: unknown, i: number): ScoreRun {
  if (!isObject(raw)) throw new Error(`runs[${i}] is not an object`);
  const run = runFromFile(raw);
  const ok =
    typeof run.modelId === 'string' &&
    typeof run.method === 'string' &&
    Array.isArray(run.tokens) &&
    Array.isArray(run.tokenScores) &&
    run.tokens.length === run.tokenScores.length &&
    run.tokenScores.every((v) => v === null || typeof v === 'number');
  if (!ok) throw new Error(`runs[${i}] is not a ScoreRun (it needs modelId, method, and as many tokenScores as tokens)`);
  return run as unknown as ScoreRun;
}

/** Reads a JSON export back; the message names what is wrong. */
export function parseViewExport(text: string): ViewExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isObject(json) || json.format !== EXPORT_FORMAT) throw new Error(`not a CreditLens export (its "format" is not "${EXPORT_FORMAT}")`);
  if (!Array.isArray(json.runs)) throw new Error('"runs" must be a list');
  const trace = traceFromJson(json.trace, 'imported');
  const runs = json.runs.map(checkRun);
  if (json.myLabels !== undefined && !isLabels(json.myLabels))
    throw new Error('"myLabels" must be {"ratings": [1, 0, −1 or null per step], "note": "…"}');
  return {
    format: EXPORT_FORMAT,
    appVersion: String(json.appVersion),
    exportedAt: String(json.exportedAt),
    models: viewExport(trace, runs).models,
    trace,
    runs,
    ...(json.myLabels ? { myLabels: json.myLabels } : {}),
  };
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
export function csvField(value: string | number | null): string {
  const s = value === null ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csv = (rows: (string | number | null)[][]) => rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';

/** The stamp every export carries: the app version and each run's model and backend. */
export const runStamp = (runs: readonly ScoreRun[]) =>
  `CreditLens ${APP_VERSION}; ${runs.map((r) => `${r.modelId} on ${r.device}`).join('; ')}`;

/** One row per token per run; tokens and steps are numbered from 1, as on the page (step is empty outside every step). */
export function tokensCsv(trace: Trace, runs: readonly ScoreRun[]): string {
  const rows: (string | number | null)[][] = [['model', 'method', 'device', 'token', 'text', 'char_start', 'char_end', 'step', 'value']];
  for (const r of runs) {
    const steps = tokenStepIndex(trace.steps, r.tokens);
    r.tokens.forEach((t, i) =>
      rows.push([
        r.modelId,
        r.method,
        r.device,
        i + 1,
        t.text,
        t.charStart,
        t.charEnd,
        steps[i] >= 0 ? steps[i] + 1 : null,
        r.tokenScores[i],
      ]),
    );
  }
  return `# ${runStamp(runs)}\r\n${csv(rows)}`;
}

/** One row per step (numbered from 1) per run that has step scores, with the known label. */
export function stepsCsv(trace: Trace, runs: readonly ScoreRun[]): string {
  const rows: (string | number | null)[][] = [['model', 'method', 'device', 'step', 'text', 'label', 'score']];
  for (const r of runs)
    (r.stepScores ?? []).forEach((score, k) =>
      rows.push([r.modelId, r.method, r.device, k + 1, trace.steps[k]?.text ?? '', trace.steps[k]?.label ?? '', score]),
    );
  return `# ${runStamp(runs)}\r\n${csv(rows)}`;
}
