/**
 * A person's own step labels (design.md §2, Core types): right, wrong or neutral per step, PRM800K's 1 / −1 / 0, or
 * just where the first mistake is. They are kept apart from a dataset's truth and keyed by the trace's text, so
 * the same trace opened again, from anywhere, finds its labels.
 */
import type { StepLabel, Trace } from './trace';

/** A person's rating of one step, in PRM800K's numbers: 1 right, 0 neutral (neither helps nor hurts), −1 wrong. */
export type StepRating = 1 | 0 | -1;

export const RATINGS: readonly StepRating[] = [1, 0, -1];

/** The rating as the data types name it (design.md §2). */
export const RATING_LABEL: Record<StepRating, StepLabel> = { 1: 'correct', 0: 'neutral', [-1]: 'wrong' };

/** One trace's labels: the trace as it was labelled, a rating or null per step, and a note. */
export interface TraceLabels {
  /** The trace's text, hashed (`labelKey`). */
  key: string;
  traceId: string;
  problem: string;
  response: string;
  steps: { text: string; charStart: number; charEnd: number }[];
  /** One per step, in order: its rating, or null while it has none. */
  ratings: (StepRating | null)[];
  note: string;
  goldAnswer?: string;
  /** When the trace got its first label, and when its labels last changed, in milliseconds since 1970. */
  createdAt: number;
  updatedAt: number;
}

/**
 * The key a trace's labels are kept under: a 53-bit hash (cyrb53) of its problem and response, so labels follow the
 * text, not where it was opened from (design.md §2). Written here because it is ten lines; no dependency needed.
 */
export function labelKey(problem: string, response: string): string {
  const text = `${problem}\u0000${response}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${text.length.toString(36)}-${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

/**
 * Where the labels put the first mistake, 0-based as ProcessBench's `label` (design.md §2): the first step rated −1;
 * −1 when every step is rated and none is wrong; null while that is not known (a step before the first −1 is unrated).
 */
export function firstWrongOf(ratings: readonly (StepRating | null)[]): number | null {
  for (let k = 0; k < ratings.length; k++) {
    if (ratings[k] === -1) return k;
    if (ratings[k] === null) return null;
  }
  return ratings.length ? -1 : null;
}

/**
 * The ratings that say only where the first mistake is (design.md §2): the steps before it right, it wrong, the rest
 * unrated; every step right for −1 (no mistake).
 */
export function ratingsForFirstWrong(steps: number, first: number): (StepRating | null)[] {
  return Array.from({ length: steps }, (_, k) => (first < 0 || k < first ? 1 : k === first ? -1 : null));
}

/** Empty labels for a trace (design.md §2). */
export function newLabels(trace: Trace, now: number): TraceLabels {
  return {
    key: labelKey(trace.problem, trace.response),
    traceId: trace.id,
    problem: trace.problem,
    response: trace.response,
    steps: trace.steps.map(({ text, charStart, charEnd }) => ({ text, charStart, charEnd })),
    ratings: trace.steps.map(() => null),
    note: '',
    ...(trace.goldAnswer === undefined ? {} : { goldAnswer: trace.goldAnswer }),
    createdAt: now,
    updatedAt: now,
  };
}

/** The labelled trace as a Trace whose truth is the person's labels (design.md §2), for metrics against them. */
export function labelledTrace(labels: TraceLabels): Trace {
  const first = firstWrongOf(labels.ratings);
  return {
    id: labels.traceId,
    source: 'my-labels',
    problem: labels.problem,
    response: labels.response,
    steps: labels.steps.map((s, k) => {
      const r = labels.ratings[k];
      return r === null ? { ...s } : { ...s, label: RATING_LABEL[r] };
    }),
    ...(first === null ? {} : { firstErrorStep: first }),
    ...(labels.goldAnswer === undefined ? {} : { goldAnswer: labels.goldAnswer }),
    meta: labels.note ? { note: labels.note } : {},
  };
}

/** How many steps carry a rating (design.md §2). */
export const ratedSteps = (labels: TraceLabels) => labels.ratings.filter((r) => r !== null).length;
