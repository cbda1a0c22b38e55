/**
 * Two annotators' step labels on the same traces (two label files, PRM800K's or ProcessBench's): Cohen's κ over the
 * steps both labelled, and each step they disagree on. Traces are matched by problem and response.
 */
import type { StepLabel, Trace } from '../domain/trace';
import { cohenKappa } from './metrics';

export interface LabelDisagreement {
  traceId: string;
  /** The step as people count it, from 1. */
  step: number;
  a: StepLabel;
  b: StepLabel;
}

export interface LabelAgreement {
  /** Steps both files label. */
  compared: number;
  agreed: number;
  kappa: number | null;
  disagreements: LabelDisagreement[];
  /** Traces of either file with no counterpart in the other. */
  unmatched: number;
  /** Traces whose steps differ between the files (another split): left out. */
  splitDiffers: number;
}

const keyOf = (t: Trace) => `${t.problem}\u0000${t.response}`;

/** κ over the steps both files label, and each step they disagree on (methods.md §6). */
export function labelAgreement(a: readonly Trace[], b: readonly Trace[]): LabelAgreement {
  const other = new Map(b.map((t) => [keyOf(t), t]));
  const pairs: [StepLabel, StepLabel][] = [];
  const disagreements: LabelDisagreement[] = [];
  let matched = 0;
  let splitDiffers = 0;
  for (const ta of a) {
    const tb = other.get(keyOf(ta));
    if (!tb) continue;
    matched++;
    if (ta.steps.length !== tb.steps.length || ta.steps.some((s, k) => s.charStart !== tb.steps[k].charStart)) {
      splitDiffers++;
      continue;
    }
    ta.steps.forEach((s, k) => {
      const [la, lb] = [s.label, tb.steps[k].label];
      if (!la || !lb) return;
      pairs.push([la, lb]);
      if (la !== lb) disagreements.push({ traceId: ta.id, step: k + 1, a: la, b: lb });
    });
  }
  return {
    compared: pairs.length,
    agreed: pairs.length - disagreements.length,
    kappa: cohenKappa(pairs),
    disagreements,
    unmatched: a.length - matched + (b.length - matched),
    splitDiffers,
  };
}
