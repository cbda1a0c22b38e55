/**
 * Traces from JSON or JSON lines, as `npm run score` and the page read them. A trace needs a `response`; `problem`,
 * `id`, `steps` (spans, or a list of step texts as ProcessBench writes them), `goldAnswer` and `answer` are optional.
 * A malformed line is reported with its number and skipped; every valid line is kept.
 */
import { fromStepList, guessConvention, splitSteps, statedAnswer } from '../domain/steps';
import type { Step, Trace } from '../domain/trace';

export interface ParsedTraces {
  traces: Trace[];
  /** 1-based line (or array item) numbers with what was wrong. */
  errors: { line: number; message: string }[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function isSpan(s: unknown): s is Step {
  return isObject(s) && typeof s.charStart === 'number' && typeof s.charEnd === 'number' && s.charStart <= s.charEnd;
}

/** One trace from one parsed JSON value; throws with the reason when it is not one. */
export function traceFromJson(json: unknown, fallbackId: string): Trace {
  if (!isObject(json)) throw new Error('expected a JSON object with a "response"');
  const stepsIn = json.steps;
  let response = typeof json.response === 'string' ? json.response : undefined;
  let steps: Step[];
  if (Array.isArray(stepsIn) && stepsIn.every((s) => typeof s === 'string')) {
    const joined = fromStepList(stepsIn);
    if (response !== undefined && response !== joined.response) throw new Error('"steps" (a list of texts) does not join to "response"');
    response = joined.response;
    steps = joined.steps;
  } else {
    if (response === undefined) throw new Error('"response" must be a string');
    if (stepsIn === undefined) steps = splitSteps(response, guessConvention(response));
    else if (Array.isArray(stepsIn) && stepsIn.every(isSpan)) {
      const text = response;
      if (stepsIn.some((s) => s.charEnd > text.length)) throw new Error('a step span lies outside "response"');
      steps = stepsIn.map((s) => ({
        text: text.slice(s.charStart, s.charEnd),
        charStart: s.charStart,
        charEnd: s.charEnd,
        label: s.label,
      }));
    } else throw new Error('"steps" must be a list of step texts or of {charStart, charEnd} spans');
  }
  return {
    id: optionalString(json.id) ?? fallbackId,
    source: optionalString(json.source) ?? 'json',
    problem: optionalString(json.problem) ?? '',
    response,
    steps,
    answer: optionalString(json.answer) ?? statedAnswer(response),
    goldAnswer: optionalString(json.goldAnswer),
    finalCorrect: typeof json.finalCorrect === 'boolean' ? json.finalCorrect : undefined,
    // Exports name the 0-based index `firstErrorStepIndex`; CreditLens JSONL and older exports say `firstErrorStep`.
    firstErrorStep:
      typeof json.firstErrorStepIndex === 'number'
        ? json.firstErrorStepIndex
        : typeof json.firstErrorStep === 'number'
          ? json.firstErrorStep
          : undefined,
    wrongSpans:
      Array.isArray(json.wrongSpans) && json.wrongSpans.every(isSpan)
        ? json.wrongSpans.map(({ charStart, charEnd }) => ({ charStart, charEnd }))
        : undefined,
    meta: isObject(json.meta) ? json.meta : {},
  };
}

/** A JSON array or object, or JSON lines (one trace per line; blank lines are skipped). */
export function parseTraces(text: string): ParsedTraces {
  const traces: Trace[] = [];
  const errors: ParsedTraces['errors'] = [];
  const add = (value: unknown, line: number) => {
    try {
      traces.push(traceFromJson(value, `trace-${line}`));
    } catch (e) {
      errors.push({ line, message: e instanceof Error ? e.message : String(e) });
    }
  };
  const trimmed = text.trim();
  if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n'))) {
    try {
      const json: unknown = JSON.parse(trimmed);
      (Array.isArray(json) ? json : [json]).forEach((v, i) => add(v, i + 1));
      return { traces, errors };
    } catch {
      // Not one JSON document: read it as JSON lines below.
    }
  }
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      errors.push({ line: i + 1, message: `not JSON (${e instanceof Error ? e.message : String(e)})` });
      return;
    }
    add(value, i + 1);
  });
  return { traces, errors };
}
