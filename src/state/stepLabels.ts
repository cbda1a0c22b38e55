/**
 * A person's step labels (domain/stepLabels.ts): one record per trace, kept in IndexedDB as soon as it changes, so a
 * reload, another tab later, or the same trace opened from a dataset finds them. Labels are never overwritten by a
 * file: an import fills in only traces that have none.
 */
import { create } from 'zustand';
import { LABEL_STORE } from '../domain/storage';
import { labelKey, newLabels, ratingsForFirstWrong, type StepRating, type TraceLabels } from '../domain/stepLabels';
import type { Trace } from '../domain/trace';
import { withStore } from './session';

interface StepLabelsState {
  byKey: Record<string, TraceLabels>;
  /** Whether IndexedDB has been read (once per page). */
  loaded: boolean;
  /** Set when a save failed: the labels are on the page but not kept; the view says so and offers the exports. */
  saveError: string | null;
  load: () => Promise<void>;
  /** Rates one step (0-based `stepIndex`); null takes its rating away. */
  rate: (trace: Trace, stepIndex: number, rating: StepRating | null) => void;
  /** Says only where the first mistake is (0-based), or −1 for none: the steps before it right, the rest unrated. */
  markFirstWrong: (trace: Trace, firstIndex: number) => void;
  setNote: (trace: Trace, note: string) => void;
  clear: (trace: Trace) => void;
  /** Adds labels read from a file for traces that have none yet; returns how many were added. */
  adopt: (labels: readonly TraceLabels[]) => number;
}

/** The labels of a trace, or null when it has none. */
export const labelsOf = (byKey: Record<string, TraceLabels>, trace: Pick<Trace, 'problem' | 'response'> | null) =>
  trace ? (byKey[labelKey(trace.problem, trace.response)] ?? null) : null;

const isEmpty = (l: TraceLabels) => !l.note && l.ratings.every((r) => r === null);

export const useStepLabels = create<StepLabelsState>()((set, get) => {
  const persist = (l: TraceLabels) =>
    void (
      isEmpty(l) ? withStore('readwrite', (s) => s.delete(l.key), LABEL_STORE) : withStore('readwrite', (s) => s.put(l, l.key), LABEL_STORE)
    ).then(
      () => get().saveError && set({ saveError: null }),
      (e: unknown) =>
        set({
          saveError: `Your labels could not be saved in this browser (${e instanceof Error ? e.message : String(e)}); they stay on this page until it closes. Export them to keep them.`,
        }),
    );
  const change = (trace: Trace, edit: (l: TraceLabels) => TraceLabels) => {
    const key = labelKey(trace.problem, trace.response);
    const before = get().byKey[key] ?? newLabels(trace, Date.now());
    const after = { ...edit(before), updatedAt: Date.now() };
    set((s) => ({
      byKey: Object.fromEntries([...Object.entries(s.byKey).filter(([k]) => k !== key), ...(isEmpty(after) ? [] : [[key, after]])]),
    }));
    persist(after);
  };
  return {
    byKey: {},
    saveError: null,
    loaded: false,

    async load() {
      if (get().loaded) return;
      set({ loaded: true });
      const saved = await withStore('readonly', (s) => s.getAll() as IDBRequest<TraceLabels[]>, LABEL_STORE).catch(() => []);
      // Labels made while the database was being read win over what it held.
      set((s) => ({ byKey: { ...Object.fromEntries(saved.map((l) => [l.key, l])), ...s.byKey } }));
    },

    rate: (trace, stepIndex, rating) => change(trace, (l) => ({ ...l, ratings: l.ratings.map((r, k) => (k === stepIndex ? rating : r)) })),

    markFirstWrong: (trace, firstIndex) => change(trace, (l) => ({ ...l, ratings: ratingsForFirstWrong(l.steps.length, firstIndex) })),

    setNote: (trace, note) => change(trace, (l) => ({ ...l, note })),

    clear: (trace) => change(trace, (l) => ({ ...l, ratings: l.ratings.map(() => null), note: '' })),

    adopt(labels) {
      const fresh = labels.filter((l) => !get().byKey[l.key]);
      if (!fresh.length) return 0;
      set((s) => ({ byKey: { ...s.byKey, ...Object.fromEntries(fresh.map((l) => [l.key, l])) } }));
      fresh.forEach(persist);
      return fresh.length;
    },
  };
});
