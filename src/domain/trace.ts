/** The core data types (design.md §2): a trace, its steps as character spans, and its ground truth when known. */
export type StepLabel = 'correct' | 'wrong' | 'neutral';

export interface Step {
  text: string;
  /** Half-open character span [charStart, charEnd) of the step inside `Trace.response`. */
  charStart: number;
  charEnd: number;
  label?: StepLabel;
}

export interface Trace {
  id: string;
  source: string;
  problem: string;
  response: string;
  steps: Step[];
  answer?: string;
  goldAnswer?: string;
  finalCorrect?: boolean;
  /** 0-based index of the earliest wrong step, or −1 when every step is correct (ProcessBench's `label`). */
  firstErrorStep?: number;
  /** Character spans of the known wrong tokens, when the domain knows them exactly. */
  wrongSpans?: { charStart: number; charEnd: number }[];
  meta: Record<string, unknown>;
}
