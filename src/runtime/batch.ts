/**
 * Scoring a dataset: every trace gets an outcome, a run or a clear reason, so one bad trace never loses the others.
 * Traces with characters the tokenizer cannot encode are refused; over-long traces follow the truncation policy.
 */
import type { Truncation } from '../domain/truncation';
import { readsLogprobs } from '../model/modelCard';
import type { ScoreRun } from '../methods/scoreRun';
import type { Trace } from '../domain/trace';
import { ENGINE_WIDE, fail, toWorkbenchError, type WorkbenchError } from '../domain/errors';
import type { ScoringModel } from './scoringModel';
import { attempt, encodeTrace, scoreTraces } from './scoring';
import type { ScoringSettings } from '../methods/method';

export interface BatchOutcome {
  traceId: string;
  run: ScoreRun | null;
  error: WorkbenchError | null;
  /** Set when only the first steps were scored; `problemChars` when the problem was shortened to its last characters. */
  truncated: { keptSteps: number; steps: number; problemChars?: number } | null;
}

const tokenCount = (runner: ScoringModel, trace: Trace) =>
  encodeTrace(runner.parts.card, runner.parts.tokenizer, trace, readsLogprobs(runner.parts.card.output.meaning), { spans: false }).ids
    .length;

/** The first `k` steps of a trace as a trace of their own; the truth is kept. */
export function firstSteps(trace: Trace, k: number): Trace {
  const end = trace.steps[k - 1]?.charEnd ?? 0;
  return {
    ...trace,
    response: trace.response.slice(0, end),
    steps: trace.steps.slice(0, k),
    wrongSpans: trace.wrongSpans?.filter((w) => w.charEnd <= end),
  };
}

/** The trace as it will be scored under the policy: whole, or cut to the steps that fit. */
export function fitTrace(
  runner: ScoringModel,
  trace: Trace,
  truncation: Truncation,
): { trace: Trace; truncated: BatchOutcome['truncated'] } {
  const context = runner.context;
  const need = tokenCount(runner, trace);
  if (need <= context) return { trace, truncated: null };
  const tooLong = (why: string) =>
    fail(
      'input-too-long',
      `The trace needs ${need} tokens; ${runner.parts.card.name} reads at most ${context}: ${need - context} too many. ${why}`,
      'It is left out; the others are scored.',
    );
  if (truncation === 'skip') tooLong('The truncation policy is "skip".');
  const most = (t: Trace) => {
    let lo = 0;
    let hi = t.steps.length - 1;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (tokenCount(runner, firstSteps(t, mid)) <= context) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  let cut = trace;
  let kept = most(trace);
  for (let chars = Math.floor(trace.problem.length / 2); kept === 0 && chars >= 16; chars = Math.floor(chars / 2)) {
    cut = { ...trace, problem: `…${trace.problem.slice(-chars)}` };
    kept = most(cut);
  }
  if (kept === 0) tooLong('Not even the end of the problem and the first step fit.');
  const problemChars = cut === trace ? undefined : cut.problem.length - 1;
  return {
    trace: firstSteps(cut, kept),
    truncated: { keptSteps: kept, steps: trace.steps.length, ...(problemChars ? { problemChars } : {}) },
  };
}

export async function scoreBatch(
  runner: ScoringModel,
  traces: readonly Trace[],
  device: string,
  settings: ScoringSettings,
  truncation: Truncation,
): Promise<BatchOutcome[]> {
  await runner.prepare?.(() => traces.forEach((t) => attempt(() => fitTrace(runner, t, truncation))));
  const outcomes: BatchOutcome[] = traces.map((t) => ({ traceId: t.id, run: null, error: null, truncated: null }));
  const ready: { i: number; trace: Trace }[] = [];
  traces.forEach((t, i) => {
    try {
      const fit = fitTrace(runner, t, truncation);
      outcomes[i].truncated = fit.truncated;
      ready.push({ i, trace: fit.trace });
    } catch (e) {
      outcomes[i].error = toWorkbenchError(e);
    }
  });
  const put = (runs: ScoreRun[], items: typeof ready) => items.forEach((r, k) => (outcomes[r.i].run = runs[k]));
  try {
    put(
      await scoreTraces(
        runner,
        ready.map((r) => r.trace),
        device,
        settings,
      ),
      ready,
    );
  } catch (first) {
    // An engine that is down or refuses the key fails every trace alike: the batch fails, to be resumed, not recorded.
    if (ENGINE_WIDE.has(toWorkbenchError(first).code)) throw first;
    // One at a time, so the trace that fails is named and the rest are kept.
    for (const r of ready) {
      try {
        put(await scoreTraces(runner, [r.trace], device, settings), [r]);
      } catch (e) {
        if (ENGINE_WIDE.has(toWorkbenchError(e).code)) throw e;
        outcomes[r.i].error = toWorkbenchError(e);
      }
    }
  }
  return outcomes;
}
