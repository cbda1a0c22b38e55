/**
 * Triage of a scored dataset: the traces sorted and filtered by how much the models disagree, whether they are all
 * wrong against the label, by score minus label, first-error position or length, and searched (eval/triage.ts). The
 * columns are built here in slices, so no task holds the page, and sorted in a worker (io/triageWorker.ts).
 */
import { create } from 'zustand';
import type { Trace } from '../domain/trace';
import { LARGEST_FIRST, NO_LABEL, NO_PREDICTION, type TriageColumns, type TriageQuery } from '../eval/triage';
import { firstWrongStep } from '../eval/stepVerdicts';
import { TriageIndex } from '../io/triageInWorker';
import type { ResultRow } from './datasets';

/** Traces per slice while the columns are built: a few milliseconds of work between two chances for the page to paint. */
const SLICE = 4000;

interface TriageState {
  query: TriageQuery;
  search: string;
  /** The traces (indices into the run's traces) in the order to show; null while it is being worked out. */
  order: Int32Array | null;
  /** Each ordered trace's value under the sort. */
  values: Float64Array | null;
  /** How long the worker took to sort, in milliseconds. */
  ms: number | null;
  /** The query the order on show answers (the latest one asked may still be on its way). */
  answered: TriageQuery | null;
  /** How many traces are indexed so far while the columns are built; null once done. */
  indexing: { done: number; of: number } | null;
  error: string | null;
  /** The highlighted row (a position in `order`): j and k move it, Enter opens its trace. */
  cursor: number;
  setQuery: (q: Partial<TriageQuery>) => void;
  setSearch: (search: string) => void;
  setCursor: (cursor: number) => void;
  /** Indexes a run's traces and outcomes (again, when they change). */
  build: (traces: readonly Trace[], rows: readonly ResultRow[]) => Promise<void>;
}

let index: TriageIndex | null = null;
let built: { traces: readonly Trace[]; rows: readonly ResultRow[] } | null = null;
let asked = 0;

const yieldToPage = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export const useTriage = create<TriageState>()((set, get) => {
  /** Asks the worker for the order under the current query; only the latest answer is shown. */
  async function refresh(): Promise<void> {
    if (!index) return;
    const mine = ++asked;
    try {
      const query = get().query;
      const { order, values, ms } = await index.query(query, get().search);
      if (mine === asked)
        set({ order, values, ms, answered: query, error: null, cursor: Math.min(get().cursor, Math.max(0, order.length - 1)) });
    } catch (e) {
      if (mine === asked) set({ error: e instanceof Error ? e.message : String(e) });
    }
  }
  return {
    query: { sort: 'disagreement', descending: true, filter: 'all' },
    search: '',
    order: null,
    values: null,
    ms: null,
    answered: null,
    indexing: null,
    error: null,
    cursor: 0,

    setQuery(q) {
      // A new sort starts from its natural end (largest first, or file order from the start) unless told.
      const descending = q.descending ?? (q.sort ? LARGEST_FIRST[q.sort] : get().query.descending);
      set({ query: { ...get().query, ...q, descending }, cursor: 0 });
      void refresh();
    },
    setSearch(search) {
      set({ search, cursor: 0 });
      void refresh();
    },
    setCursor: (cursor) => set({ cursor }),

    async build(traces, rows) {
      if (built && built.traces === traces && built.rows === rows) return;
      built = { traces, rows };
      index?.dispose();
      const mine = new TriageIndex();
      index = mine;
      const n = traces.length;
      const m = rows.length;
      set({ order: null, indexing: { done: 0, of: n }, error: null, cursor: 0 });
      const columns: TriageColumns = {
        n,
        m,
        first: new Int32Array(n * m).fill(NO_PREDICTION),
        score: new Float64Array(n * m).fill(NaN),
        label: new Int32Array(n).fill(NO_LABEL),
        steps: new Int32Array(n),
        length: new Int32Array(n),
        group: new Int32Array(n).fill(-1),
      };
      // A problem with several samples (a pair's sides, a group of samples) makes a group.
      const count = new Map<string, number>();
      for (const t of traces) count.set(t.problem, (count.get(t.problem) ?? 0) + 1);
      const groupOf = new Map<string, number>();
      for (let from = 0; from < n; from += SLICE) {
        const texts: string[] = [];
        for (let i = from; i < Math.min(n, from + SLICE); i++) {
          const t = traces[i];
          columns.label[i] = t.firstErrorStep ?? NO_LABEL;
          columns.steps[i] = t.steps.length;
          columns.length[i] = t.response.length;
          if ((count.get(t.problem) ?? 0) > 1) {
            if (!groupOf.has(t.problem)) groupOf.set(t.problem, groupOf.size);
            columns.group[i] = groupOf.get(t.problem) ?? -1;
          }
          rows.forEach((r, j) => {
            const run = r.outcomes.get(t.id)?.run;
            if (!run) return;
            columns.first[i * m + j] = firstWrongStep(run) ?? NO_PREDICTION;
            columns.score[i * m + j] = run.traceScore ?? NaN;
          });
          texts.push(`${t.id}\n${t.problem}\n${t.response}`.toLowerCase());
        }
        mine.texts(from, texts);
        set({ indexing: { done: Math.min(n, from + SLICE), of: n } });
        await yieldToPage();
        if (index !== mine) return;
      }
      mine.columns(columns);
      set({ indexing: null });
      await refresh();
    },
  };
});
