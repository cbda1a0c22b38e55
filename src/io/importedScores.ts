/**
 * Scores from elsewhere: per-token or per-step values a researcher computed with their own models (vLLM's reward and
 * pooling outputs), one JSON line per trace and model, shown beside live models; and RL rollout dumps, whose lines
 * carry their own channels (io/rollouts.ts). The schema is documented in docs/scores-jsonl.md. Every line is checked on its own: a bad line is reported with its number and the
 * good ones are kept.
 */
import { APP_VERSION } from '../domain/appVersion';
import type { ImportProblem } from '../domain/dataset';
import { tokenStepIndex } from '../domain/stepTokens';
import { splitLines } from '../domain/steps';
import { characterTokens, type TokenSpan } from '../domain/tokenSpan';
import type { Step, Trace } from '../domain/trace';
import { RUN_METHODS, type RunMethod } from '../methods/registry';
import type { ScoreRun } from '../methods/scoreRun';
import { field, isFiniteNumber, isNumberList, isObject, isString, isStringList } from './importers/common';
import { isRolloutLine, readRollout, type IdDecoder } from './rollouts';

/** Where an imported run says it ran: nowhere on this page. */
export const IMPORTED_DEVICE = 'imported';

export interface ImportedTrace {
  trace: Trace;
  runs: ScoreRun[];
}

export interface ImportedScores {
  traces: ImportedTrace[];
  problems: ImportProblem[];
}

const isOffsets = (v: unknown): v is [number, number][] =>
  Array.isArray(v) && v.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => Number.isInteger(x) && x >= 0));

/** The steps given as strings, found in order in the response; lines when none are given. */
function stepsOf(r: Record<string, unknown>, response: string): Step[] {
  if (r.steps === undefined) return splitLines(response);
  const texts = field(r, 'steps', isStringList, 'a list of step texts');
  let at = 0;
  return texts.map((text, k) => {
    const start = response.indexOf(text, at);
    if (start < 0) throw new Error(`step ${k + 1} is not in the response after step ${k}`);
    at = start + text.length;
    return { text, charStart: start, charEnd: at };
  });
}

/** UTF-16 index of every code point boundary: Python and Hugging Face count offsets in code points. */
function codePointIndex(text: string): number[] {
  const index = [0];
  for (const ch of text) index.push(index[index.length - 1] + ch.length);
  return index;
}

function tokensOf(r: Record<string, unknown>, response: string): TokenSpan[] | null {
  if (r.tokens !== undefined) {
    const texts = field(r, 'tokens', isStringList, 'a list of token strings');
    let at = 0;
    return texts.map((text, i) => {
      if (!response.startsWith(text, at))
        throw new Error(
          `token ${i + 1} ${JSON.stringify(text)} does not continue the response at character ${at + 1}; the tokens must spell it`,
        );
      const span = { id: -1, text, charStart: at, charEnd: at + text.length, special: false };
      at += text.length;
      return span;
    });
  }
  if (r.token_offsets !== undefined) {
    const offsets = field(r, 'token_offsets', isOffsets, 'a list of [start, end] character offsets');
    const index = codePointIndex(response);
    return offsets.map(([start, end], i) => {
      if (start > end || end >= index.length)
        throw new Error(`token ${i + 1} spans characters ${start}–${end}, outside the response's ${index.length - 1}`);
      return { id: -1, text: response.slice(index[start], index[end]), charStart: index[start], charEnd: index[end], special: false };
    });
  }
  return null;
}

/** What every scores line says, for a trace in the file or one a dataset holds: who scored, how, and its numbers. */
function scoreFields(r: Record<string, unknown>) {
  return {
    model: field(r, 'model', isString, 'the name of the model that scored'),
    method: field(r, 'method', (v): v is RunMethod => RUN_METHODS.includes(v as RunMethod), `one of ${RUN_METHODS.join(', ')}`),
    stepValues: r.step_values === undefined ? null : field(r, 'step_values', isNumberList, 'a list of numbers'),
    traceScore: r.trace_score === undefined ? null : field(r, 'trace_score', isFiniteNumber, 'a number'),
  };
}

function lineRun(r: Record<string, unknown>, trace: Trace): ScoreRun {
  const { model, method, stepValues, traceScore } = scoreFields(r);
  const tokens = tokensOf(r, trace.response);
  const tokenValues = r.token_values === undefined ? null : field(r, 'token_values', isNumberList, 'a list of numbers');
  if (!tokenValues && !stepValues) throw new Error('give "token_values" or "step_values" (or both)');
  if (tokenValues && !tokens) throw new Error('"token_values" needs "tokens" or "token_offsets" to say which text each value is for');
  if (tokenValues && tokens && tokenValues.length !== tokens.length)
    throw new Error(`"token_values" has ${tokenValues.length} values for ${tokens.length} tokens`);
  if (stepValues && stepValues.length !== trace.steps.length)
    throw new Error(`"step_values" has ${stepValues.length} values for ${trace.steps.length} steps`);
  // Step values alone are shown on every character of their step.
  const shown = tokens ?? characterTokens(trace.response);
  const owner = tokenStepIndex(trace.steps, shown);
  return {
    traceId: trace.id,
    modelId: model,
    method,
    device: IMPORTED_DEVICE,
    dtype: 'float32',
    tokens: shown,
    tokenScores: tokenValues ?? owner.map((k) => (k >= 0 && stepValues ? stepValues[k] : null)),
    stepScores: stepValues,
    traceScore,
    raw: {},
    timingMs: { tokenize: 0, run: 0, total: 0 },
    bytesRead: 0,
    appVersion: APP_VERSION,
  };
}

/**
 * Rollout tokens a page keeps at once (about 100 MB of cells and values): a dump beyond it is read up to there, and
 * the rest is named as not read.
 */
export const ROLLOUT_TOKEN_BUDGET = 2_000_000;

export interface ScoresOptions {
  /** Rollout tokens to keep at most: the page's memory (ROLLOUT_TOKEN_BUDGET); the CLI reads everything. */
  tokenBudget?: number;
  /** Reads token ids (prime-rl's export) back into text. */
  decoder?: IdDecoder;
}

/** Whether a file's text holds token ids that need a tokenizer to be read (prime-rl's export). */
export const needsDecoder = (text: string) => text.includes('"token_ids"') && text.includes('"loss_mask"');

/** One record of a file: parsed, or why it could not be (its line in a JSONL file, its row in a table). */
export type ScoresRecord = { line: number; record: unknown } | { line: number; error: string };

/** The records of a JSON lines text, one per non-empty line. */
export function* jsonLineRecords(text: string): Generator<ScoresRecord> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    try {
      yield { line: i + 1, record: JSON.parse(lines[i]) as unknown };
    } catch {
      yield { line: i + 1, error: 'not JSON' };
    }
  }
}

/** Reads a scores JSONL file; lines of one trace (same id, or same problem and response) are grouped, one run each. */
export const parseImportedScores = (text: string, options: ScoresOptions = {}): ImportedScores =>
  parseScoresRecords(jsonLineRecords(text), options);

/**
 * Reads scores records, from JSON lines or a table's rows (TRL's Parquet); records of one trace (same id, or same
 * problem and response) are grouped, one run each. A problem names the record's line (or row) number.
 */
export function parseScoresRecords(
  records: Iterable<ScoresRecord>,
  { tokenBudget = ROLLOUT_TOKEN_BUDGET, decoder }: ScoresOptions = {},
): ImportedScores {
  const byKey = new Map<string, ImportedTrace>();
  const problems: ImportProblem[] = [];
  let tokens = 0;
  for (const at of records) {
    const i = at.line - 1;
    try {
      if ('error' in at) throw new Error(at.error);
      const r = at.record;
      if (!isObject(r)) throw new Error('expected a JSON object');
      // A line an RL framework wrote (a rollout with its channels) is a trace of its own (io/rollouts.ts).
      if (r.model === undefined && isRolloutLine(r)) {
        const rollout = readRollout(r, i + 1, decoder);
        tokens += Math.max(0, ...rollout.runs.map((x) => x.tokens.length));
        if (tokens > tokenBudget) {
          problems.push({
            line: i + 1,
            message: `reading stopped here: the rollouts before it hold as many tokens as this page keeps at once (${tokenBudget.toLocaleString('en')}). Open each step's dump on its own, or check the whole file with npm run import`,
          });
          break;
        }
        byKey.set(`line:${i}`, rollout);
        continue;
      }
      const problem = field(r, 'problem', isString, 'a string');
      const response = field(r, 'response', isString, 'a string');
      const id = r.id === undefined ? `scores-${i + 1}` : String(r.id);
      const key = r.id === undefined ? `${problem}\u0000${response}` : `id:${id}`;
      const known = byKey.get(key);
      if (known && (known.trace.problem !== problem || known.trace.response !== response))
        throw new Error(`id ${id} was used before for another problem or response`);
      const trace: Trace = known?.trace ?? { id, source: 'imported-scores', problem, response, steps: stepsOf(r, response), meta: {} };
      const run = lineRun(r, trace);
      if (known?.runs.some((x) => x.modelId === run.modelId)) throw new Error(`${run.modelId} already scored trace ${id}`);
      if (known) known.runs.push(run);
      else byKey.set(key, { trace, runs: [run] });
    } catch (e) {
      problems.push({ line: i + 1, message: e instanceof Error ? e.message : String(e) });
    }
  }
  return { traces: [...byKey.values()], problems };
}

/** One model's scores of one dataset trace, found by its id (a scores file added to a dataset). */
export interface DatasetScoreLine {
  line: number;
  id: string;
  model: string;
  method: RunMethod;
  stepValues: number[] | null;
  traceScore: number | null;
  /** The response the line was scored on, when it gives one: it must be the dataset's. */
  response?: string;
}

export interface DatasetScores {
  lines: DatasetScoreLine[];
  problems: ImportProblem[];
}

/**
 * Reads a scores file for a dataset (docs/scores-jsonl.md, "Scores for a dataset"): each line names its trace by `id`,
 * so `problem` and `response` may be left out, and gives `step_values` and/or `trace_score`. Token values are not
 * read here: a dataset's metrics and triage need steps and scores, and 100,000 traces of tokens would not fit.
 */
export function parseDatasetScores(text: string): DatasetScores {
  const lines: DatasetScoreLine[] = [];
  const problems: ImportProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      let r: unknown;
      try {
        r = JSON.parse(raw);
      } catch {
        throw new Error('not JSON');
      }
      if (!isObject(r)) throw new Error('expected a JSON object');
      if (typeof r.id !== 'string' && typeof r.id !== 'number') throw new Error('"id" must name the dataset trace the line scores');
      const { model, method, stepValues, traceScore } = scoreFields(r);
      if (!stepValues && traceScore === null) throw new Error('give "step_values" or "trace_score" (or both)');
      lines.push({
        line: i + 1,
        id: String(r.id),
        model,
        method,
        stepValues,
        traceScore,
        ...(isString(r.response) ? { response: r.response } : {}),
      });
    } catch (e) {
      problems.push({ line: i + 1, message: e instanceof Error ? e.message : String(e) });
    }
  });
  return { lines, problems };
}

/** The training step a dump's file name gives: verl's `12.jsonl`, TRL's `completions_00012.parquet`, prime-rl's `step_12`. */
export function stepFromName(name: string): number | null {
  const m = /(?:^|\/)(\d+)\.jsonl?$/i.exec(name) ?? /completions_(\d+)\.parquet$/i.exec(name) ?? /(?:^|\/)step_(\d+)\//.exec(name);
  return m ? Number(m[1]) : null;
}

/**
 * Several files read at once (a run's dumps, one per step): their traces in file order, a rollout without a step
 * given the one its file name says, an id used by an earlier file prefixed with its file's name, and each skipped
 * line named with its file.
 */
export function mergeImports(files: readonly { name: string; scores: ImportedScores }[]): ImportedScores {
  if (files.length === 1) return files[0].scores;
  const seen = new Set<string>();
  const traces: ImportedTrace[] = [];
  const problems: ImportProblem[] = [];
  for (const { name, scores } of files) {
    const step = stepFromName(name);
    for (const t of scores.traces) {
      const id = seen.has(t.trace.id) ? `${name}: ${t.trace.id}` : t.trace.id;
      seen.add(id);
      const meta =
        t.trace.meta.step === undefined && step !== null && t.trace.source.startsWith('rollout-')
          ? { ...t.trace.meta, step }
          : t.trace.meta;
      const trace = { ...t.trace, id, meta };
      traces.push({ trace, runs: t.runs.map((r) => ({ ...r, traceId: id })) });
    }
    problems.push(...scores.problems.map((p) => ({ ...p, message: `${name}: ${p.message}` })));
  }
  return { traces, problems };
}
