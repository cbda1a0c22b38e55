/** From a dataset to what each model scores, and from the scored outcomes back to its metrics (design.md §5, Datasets). */
import type { DatasetItem } from '../domain/dataset';
import { modelMetrics, type ModelMetrics, type ScoredPair, type ScoredTrace } from './datasetMetrics';
import type { ScoreRun } from '../methods/scoreRun';
import type { Trace } from '../domain/trace';

/** What a model made of one trace: a run, or none, and whether only its first steps were scored. */
export interface TraceOutcome {
  run: ScoreRun | null;
  truncated: boolean;
  /** Why there is no run: the message and what to do. */
  error?: string | null;
}

/** Every trace a model has to score, pairs flattened to their chosen and rejected sides, in order (design.md §5). */
export function datasetTraces(items: readonly DatasetItem[]): Trace[] {
  return items.flatMap((item) => (item.kind === 'trace' ? [item.trace] : [item.pair.chosen, item.pair.rejected]));
}

/**
 * One model's metrics from its outcomes by trace id (methods.md §6). A trace (or a pair side) without an outcome was
 * not reached yet, by a paused run: it counts in `notReached`, never as not scored.
 */
export function metricsFromOutcomes(
  items: readonly DatasetItem[],
  outcomes: ReadonlyMap<string, TraceOutcome>,
  tau?: { value?: number; source: string },
): ModelMetrics {
  const traces: ScoredTrace[] = [];
  const pairs: ScoredPair[] = [];
  let notReached = 0;
  for (const item of items) {
    if (item.kind === 'trace') {
      const o = outcomes.get(item.trace.id);
      if (!o) notReached++;
      else traces.push({ trace: item.trace, run: o.run, truncated: o.truncated });
    } else {
      const [c, r] = [outcomes.get(item.pair.chosen.id), outcomes.get(item.pair.rejected.id)];
      if (!c || !r) {
        notReached++;
        continue;
      }
      // Pairs whose sides carry their truth also count as labelled traces (step metrics, token AUROC).
      const labelled = item.pair.chosen.firstErrorStep !== undefined && item.pair.rejected.firstErrorStep !== undefined;
      pairs.push({ chosen: c.run, rejected: r.run, alsoTraces: labelled, truncatedSides: Number(c.truncated) + Number(r.truncated) });
      if (labelled)
        traces.push(
          { trace: item.pair.chosen, run: c.run, truncated: c.truncated },
          { trace: item.pair.rejected, run: r.run, truncated: r.truncated },
        );
    }
  }
  return { ...modelMetrics(traces, pairs, tau), notReached };
}

/** The threshold a model card carries, calibrated when the model was measured (`npm run models:report`). */
export const CARD_TAU_METRIC = 'τ (chosen on validation seeds)';
