/**
 * A person's step labels written in the formats PRM and ProcessBench tooling reads, and that CreditLens's own
 * importers read back (io/importers): PRM800K's JSON lines, ProcessBench's JSON array, TRL's stepwise JSON lines.
 * Each format says less than the labels can; a trace a format cannot say is left out and named, never guessed.
 */
import { firstWrongOf, type TraceLabels } from '../domain/stepLabels';

export type LabelFormat = 'prm800k' | 'processbench' | 'trl-stepwise';

export interface LabelExport {
  text: string;
  /** How many traces were written. */
  written: number;
  /** The traces left out, with why. */
  left: { traceId: string; reason: string }[];
}

export const LABEL_FORMATS: Record<LabelFormat, { name: string; file: string; mime: string }> = {
  prm800k: { name: 'PRM800K', file: 'creditlens-labels-prm800k.jsonl', mime: 'application/jsonl' },
  processbench: { name: 'ProcessBench', file: 'creditlens-labels-processbench.json', mime: 'application/json' },
  'trl-stepwise': { name: 'TRL stepwise', file: 'creditlens-labels-trl-stepwise.jsonl', mime: 'application/jsonl' },
};

/**
 * PRM800K: one line per trace, `label.steps` with the step as the one rated completion. Like PRM800K's labellers,
 * the list stops at the first wrong step (`finish_reason` "found_error"); a trace rated to its end is a "solution";
 * one with unrated steps keeps them with a null rating and "give_up". The note travels in `creditlens_note`.
 */
function prm800k(l: TraceLabels): object {
  const first = firstWrongOf(l.ratings);
  const until = first !== null && first >= 0 ? first + 1 : l.steps.length;
  const finish = first !== null && first >= 0 ? 'found_error' : first === -1 ? 'solution' : 'give_up';
  return {
    id: l.traceId,
    labeler: 'creditlens',
    timestamp: new Date(l.updatedAt).toISOString(),
    generation: null,
    is_quality_control_question: false,
    is_initial_screening_question: false,
    question: { problem: l.problem, ...(l.goldAnswer === undefined ? {} : { ground_truth_answer: l.goldAnswer }) },
    label: {
      steps: l.steps.slice(0, until).map((s, k) => ({
        completions: [{ text: s.text, rating: l.ratings[k], flagged: false }],
        human_completion: null,
        chosen_completion: l.ratings[k] === -1 ? null : 0,
      })),
      total_time: null,
      finish_reason: finish,
    },
    ...(l.note ? { creditlens_note: l.note } : {}),
  };
}

/** ProcessBench: `label` is the first wrong step (0-based) or −1; a trace whose first mistake is not known is left out. */
function processBench(l: TraceLabels): object | string {
  const label = firstWrongOf(l.ratings);
  if (label === null) return 'ProcessBench needs the first wrong step, or every step rated right or neutral';
  return {
    id: l.traceId,
    generator: 'creditlens-labels',
    problem: l.problem,
    steps: l.steps.map((s) => s.text),
    label,
    ...(l.note ? { creditlens_note: l.note } : {}),
  };
}

/**
 * TRL stepwise: `labels` are true or false, so a neutral step is written as true (it is not a mistake), and the list
 * stops at the first wrong step as TRL's PRM datasets do; unrated steps before it leave the trace out.
 */
function trlStepwise(l: TraceLabels): object | string {
  const first = firstWrongOf(l.ratings);
  if (first === null) return 'TRL stepwise needs every step up to the first wrong one rated';
  const until = first >= 0 ? first + 1 : l.steps.length;
  return {
    id: l.traceId,
    prompt: l.problem,
    completions: l.steps.slice(0, until).map((s) => s.text),
    labels: l.ratings.slice(0, until).map((r) => r !== -1),
  };
}

/**
 * The labels of every trace in one file of the format, in the order the traces were first labelled; traces it cannot
 * say are named in `left`.
 */
export function exportLabels(all: readonly TraceLabels[], format: LabelFormat): LabelExport {
  const records: object[] = [];
  const left: LabelExport['left'] = [];
  for (const l of [...all].sort((a, b) => a.createdAt - b.createdAt)) {
    if (!l.ratings.some((r) => r !== null)) continue;
    const r = format === 'prm800k' ? prm800k(l) : format === 'processbench' ? processBench(l) : trlStepwise(l);
    if (typeof r === 'string') left.push({ traceId: l.traceId, reason: r });
    else records.push(r);
  }
  const text =
    format === 'processbench'
      ? JSON.stringify(records, null, 1) + '\n'
      : records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
  return { text, written: records.length, left };
}
