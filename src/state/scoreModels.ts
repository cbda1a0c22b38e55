/**
 * Scores traces with every selected model at once, each in its own worker: reward models score, critics write CAPO
 * critiques, the oracle critic votes on the truth, and a policy with its reference adds the implicit PRM.
 */
import type { ModelController } from '../client/modelController';
import type { ScoreRun } from '../methods/scoreRun';
import type { Trace } from '../domain/trace';
import { toWorkbenchError, WorkbenchFailure, type WorkbenchError } from '../domain/errors';
import type { Truncation } from '../domain/truncation';
import { critiqueRequest, ORACLE, oracleRun } from './capoSettings';
import { dropController, liveControllers } from './controllers';
import { implicitPrmRun } from '../methods/implicitPrm';
import { DEFAULT_SCORING } from '../methods/method';
import { atUserTau } from './stepTaus';

export interface ScoredModels {
  /** For each trace, the runs that succeeded, in the order of the models. */
  runs: ScoreRun[][];
  failed: { id: string; error: WorkbenchError }[];
  notices: string[];
}

export interface ScoreDeps {
  controller: (id: string) => ModelController;
  isCritic: (id: string) => boolean;
  /** Called once a model has loaded and starts scoring. */
  started?: () => void;
  /** What to do with a trace longer than a model reads: refuse it (the default), or score the steps that fit. */
  truncation?: Truncation;
}

async function runsOf(id: string, traces: Trace[], deps: ScoreDeps): Promise<ScoreRun[]> {
  if (id === ORACLE) return traces.map(oracleRun);
  const c = deps.controller(id);
  await c.ensure();
  deps.started?.();
  if (deps.isCritic(id)) {
    const runs: ScoreRun[] = [];
    for (const t of traces) runs.push(await c.critique(t, critiqueRequest()).done);
    return runs;
  }
  if (deps.truncation !== 'steps-that-fit') return (await c.score(traces, DEFAULT_SCORING).done).map((run) => atUserTau(run));
  // As Datasets does: the problem and the whole steps that fit are scored, and the run says how many.
  const outcomes = await c.scoreBatch(traces, DEFAULT_SCORING, 'steps-that-fit').done;
  return outcomes.map((o) => {
    if (!o.run) throw new WorkbenchFailure(o.error ?? { code: 'internal', message: `${id} gave no run.`, hint: 'Score again.' });
    return atUserTau(o.truncated ? { ...o.run, truncated: o.truncated } : o.run);
  });
}

export async function scoreModels(ids: readonly string[], traces: Trace[], deps: ScoreDeps): Promise<ScoredModels> {
  const used = new Map(ids.filter((id) => id !== ORACLE).map((id) => [id, deps.controller(id)]));
  const results = await Promise.allSettled(ids.map((id) => runsOf(id, traces, deps)));
  const ok = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [{ id: ids[i], error: toWorkbenchError(r.reason) }] : []));
  // A model that failed to load is dropped so the next try starts clean; a crashed worker has already restarted. Only
  // the controller this score used: a newer one, made meanwhile for a newer score, is left alone.
  for (const f of failed) {
    const c = used.get(f.id);
    if (c && liveControllers().get(f.id) === c && !c.alive && f.error.code !== 'worker-crashed') dropController(f.id);
  }
  const notices: string[] = [];
  const roleOf = (run: ScoreRun) => (run.method === 'logprob' ? liveControllers().get(run.modelId)?.info?.card.role : undefined);
  const runs = traces.map((trace, t) => {
    const forTrace = ok.map((perModel) => perModel[t]);
    // A policy and its reference together also give the implicit PRM (methods.md §5.3).
    const policy = forTrace.find((r) => roleOf(r) === 'policy');
    const reference = forTrace.find((r) => roleOf(r) === 'reference');
    if (policy && reference) {
      try {
        forTrace.push(atUserTau(implicitPrmRun(trace, policy, reference)));
      } catch (e) {
        notices.push(`Implicit PRM: ${toWorkbenchError(e).message}`);
      }
    }
    return forTrace;
  });
  return { runs, failed, notices };
}

/**
 * One error for every model that could not score: each model's own reason (they name the model), the first one's
 * code and hint, and, when no model scored, that the rows on the page are still those of the text scored before.
 */
export function failureError(failed: readonly { id: string; error: WorkbenchError }[], keptPrevious: boolean): WorkbenchError | null {
  if (!failed.length) return null;
  const [first] = failed;
  const message =
    failed.length === 1
      ? first.error.message
      : `${failed.length} models could not score this trace. ${failed.map((f) => f.error.message).join(' ')}`;
  const kept = keptPrevious ? ' The rows below are still those of the text you scored before.' : '';
  return { ...first.error, message, hint: `${first.error.hint}${kept}` };
}
