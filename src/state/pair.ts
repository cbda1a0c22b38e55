/**
 * The Compare view's pair: a chosen and a rejected answer to one problem, scored by every model on the page, as in
 * the Q-RM paper's figure. A model prefers the answer with the higher trace score.
 */
import { create } from 'zustand';
import { formatResponse } from '../arith/format';
import { solve } from '../arith/problem';
import type { ScoreRun } from '../methods/scoreRun';
import type { WorkbenchError } from '../domain/errors';
import { atUserTau, onStepTausChange } from './stepTaus';
import { traceFromText } from './textTrace';
import { addLinkPart, scoreWithModels, useWorkbench } from './workbench';
import { decodeTraceParam, encodeTraceParam } from './urlTrace';
import type { Trace } from '../domain/trace';

export interface PairRow {
  modelId: string;
  chosen: ScoreRun;
  rejected: ScoreRun;
}

interface PairState {
  problem: string;
  chosen: string;
  rejected: string;
  status: 'idle' | 'scoring';
  rows: PairRow[];
  traces: { chosen: Trace; rejected: Trace } | null;
  errors: { id: string; error: WorkbenchError }[];
  set: (patch: Partial<Pick<PairState, 'problem' | 'chosen' | 'rejected'>>) => void;
  /** Takes the trace on the Inspect page as the rejected answer and, for a synthetic problem, its gold solution as the chosen one. */
  fromPage: () => void;
  score: () => Promise<void>;
}

/** Which run of one trace answers to which of the other: the same model and method. */
const key = (r: ScoreRun) => `${r.modelId}|${r.method}`;

export const usePair = create<PairState>()((set, get) => ({
  problem: '',
  chosen: '',
  rejected: '',
  status: 'idle',
  rows: [],
  traces: null,
  errors: [],
  set: (patch) => set(patch),

  fromPage() {
    const { problem, text, example } = useWorkbench.getState();
    const gold = example && example.question === problem ? formatResponse(solve(example), example.answer) : get().chosen;
    set({ problem, rejected: text, chosen: gold, rows: [], traces: null, errors: [] });
  },

  async score() {
    const { problem, chosen, rejected } = get();
    const { selected, example } = useWorkbench.getState();
    set({ status: 'scoring', errors: [] });
    const traces = {
      chosen: traceFromText('chosen', problem, chosen, example),
      rejected: traceFromText('rejected', problem, rejected, example),
    };
    const scored = await scoreWithModels(selected, [traces.chosen, traces.rejected]);
    const [forChosen, forRejected] = scored.runs;
    const rows = forChosen.flatMap((c) => {
      const r = forRejected.find((x) => key(x) === key(c));
      return r ? [{ modelId: c.modelId, chosen: c, rejected: r }] : [];
    });
    set({ status: 'idle', rows, traces, errors: scored.failed });
  },
}));

// The pair travels in a link, packed like a trace (urlTrace.ts), when it fits one.
addLinkPart({
  write: async () => {
    const { problem, chosen, rejected } = usePair.getState();
    return { pair: chosen || rejected ? await encodeTraceParam(problem, JSON.stringify([chosen, rejected])) : null };
  },
  read: async (link) => {
    const decoded = link.pair ? await decodeTraceParam(link.pair) : null;
    let both: unknown = null;
    try {
      both = decoded ? JSON.parse(decoded.response) : null;
    } catch {
      // Not a pair this page wrote: the link's pair is ignored.
    }
    if (decoded && Array.isArray(both) && both.length === 2 && both.every((t) => typeof t === 'string'))
      usePair.setState({ problem: decoded.problem, chosen: both[0], rejected: both[1] });
  },
});

onStepTausChange((byModel) =>
  usePair.setState((s) => ({
    rows: s.rows.map((r) => ({ ...r, chosen: atUserTau(r.chosen, byModel), rejected: atUserTau(r.rejected, byModel) })),
  })),
);

/** Whether a model prefers the chosen answer: true, false, or null for a tie or a missing score. */
export function verdict(row: PairRow): boolean | null {
  const [c, r] = [row.chosen.traceScore, row.rejected.traceScore];
  return c === null || r === null || c === r ? null : c > r;
}
