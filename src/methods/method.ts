/**
 * What every reward method declares once (design.md §2): its names, how its credit reads, its step threshold, which
 * model outputs it can read, its settings, and how a reader's values become the fields of a ScoreRun. The registry
 * (`registry.ts`) holds one entry per method; the runtime, the views, the model card and the verdicts all read it.
 */
import { tokenStepIndex } from '../domain/stepTokens';
import { MethodError } from './errors';
import type { TokenSpan } from '../domain/tokenSpan';
import type { Trace } from '../domain/trace';
import type { OutputMeaning, ReadOutput } from './readers/reader';
import type { ScoreRun } from './scoreRun';
import { SETTINGS, type SettingName } from './settings';

/** The scoring choices a method's `score` reads, each from its one declaration in SETTINGS. */
export interface ScoringSettings {
  qrmStepAggregation: (typeof SETTINGS)['qrm.stepAggregation']['default'];
  pqmSequenceAggregation: (typeof SETTINGS)['pqm.sequenceAggregation']['default'];
  clsPrmAggregation: (typeof SETTINGS)['clsPrm.aggregation']['default'];
}

export const DEFAULT_SCORING: ScoringSettings = {
  qrmStepAggregation: SETTINGS['qrm.stepAggregation'].default,
  pqmSequenceAggregation: SETTINGS['pqm.sequenceAggregation'].default,
  clsPrmAggregation: SETTINGS['clsPrm.aggregation'].default,
};

/** The fields of a ScoreRun a method computes; the runtime adds the ids, device and timings. */
export type MethodFields = Pick<ScoreRun, 'tokenScores' | 'stepScores' | 'traceScore' | 'raw'>;

export interface MethodContext {
  trace: Trace;
  /** The response's tokens under the model's tokenizer. */
  tokens: TokenSpan[];
  settings: ScoringSettings;
}

export interface MethodSpec {
  /** Short name, for legends and tables. */
  name: string;
  /** What its per-token value is, in words (the heatmap row's label). */
  label: string;
  /**
   * What its credit is, which decides how it is coloured (ui/rowView.ts, the colour rule): signed credit with a
   * meaningful zero, a probability (0.5 is neutral), or a log-probability (0 is certainty).
   */
  credit: 'signed' | 'probability' | 'log-probability';
  /** True when credit differs token by token; otherwise a step's or the whole answer's score repeats on its tokens. */
  tokenLevel: boolean;
  /** What its step scores are: higher means more likely right, or the share of critiques that call the step wrong. */
  stepScores: 'higher-is-right' | 'vote-share-wrong' | null;
  /** The step threshold: a step under it is called wrong; null when the method gives no step scores to threshold. */
  stepThreshold: { value: number; from: string } | null;
  /** Whether a model card may name it as its `method` (the plain LM reading is not a card method). */
  onCard: boolean;
  /**
   * Each row's numbers are in their own units (a training run's channels: an advantage, an entropy, a ratio), so rows
   * share a colour scale only with rows of the same name, not with every row of the method.
   */
  unitsPerRow?: true;
  /** The model outputs it can read (see readers/). */
  reads: readonly OutputMeaning[];
  /** The SETTINGS entries that change what it shows. */
  settings: readonly SettingName[];
  /**
   * How one trace's read-out becomes credit. Absent for methods built from other runs (the implicit PRM from a policy
   * and a reference, CAPO from critiques): their files export those builders.
   */
  score?: (read: ReadOutput, context: MethodContext) => MethodFields;
}

/**
 * A step-level method's fields (methods.md §1.2): each token carries its step's score (null outside every step), the
 * answer's score aggregates the steps, and the raw numbers are kept. The LM-head read-out gives no step scores without
 * steps; a head at the tags keeps its (empty) list.
 */
export function stepMethodFields(
  read: ReadOutput,
  { trace, tokens }: MethodContext,
  steps: number[],
  aggregate: (steps: number[]) => number,
  raw: Record<string, number[]>,
): MethodFields {
  return {
    tokenScores: tokenStepIndex(trace.steps, tokens).map((k) => (k >= 0 ? steps[k] : null)),
    stepScores: read.stepQ && !trace.steps.length ? null : steps,
    traceScore: steps.length ? aggregate(steps) : null,
    raw,
  };
}

/** A value a method needs from its read-out; the registry's `reads` makes a missing one a bug (design.md §2). */
export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new MethodError('invalid-argument', `The read-out has no ${what}.`);
  return value;
}
