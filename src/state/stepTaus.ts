/**
 * The τ a person sets for a model (in the Models view or Datasets), kept in this browser. Every run of that model, in
 * every store, is read at it: runs arriving from a model are stamped here, and a change re-stamps the runs already
 * shown, so Inspect, Compare, Datasets, exports and lessons name the same first wrong step (eval/stepVerdicts.ts).
 */
import { create } from 'zustand';
import { CARD_TAU_METRIC, defaultStepTau, withUserTau } from '../eval/stepVerdicts';
import { RUN_METHODS, type RunMethod } from '../methods/registry';
import type { ScoreRun, StepTau } from '../methods/scoreRun';
import { liveControllers } from './controllers';
import { withStore } from './session';

const KEY = 'stepTaus';

interface StepTaus {
  /** τ by model id, set by the user. */
  byModel: Record<string, number>;
  /** Sets (or, with null, clears) a model's τ; a non-finite value is refused. */
  set(model: string, value: number | null): void;
}

export const useStepTaus = create<StepTaus>()((set, get) => ({
  byModel: {},
  set(model, value) {
    if (value !== null && !Number.isFinite(value)) return;
    const byModel = Object.fromEntries(Object.entries(get().byModel).filter(([id]) => id !== model));
    if (value !== null) byModel[model] = value;
    set({ byModel });
    void withStore('readwrite', (s) => s.put(byModel, KEY)).catch(() => undefined);
  },
}));

/** Restores the τs saved in this browser (best effort: without IndexedDB they last as long as the tab). */
export async function loadStepTaus(): Promise<void> {
  const saved = (await withStore('readonly', (s) => s.get(KEY) as IDBRequest<unknown>).catch(() => null)) as Record<string, unknown> | null;
  if (!saved || typeof saved !== 'object') return;
  const byModel = Object.fromEntries(Object.entries(saved).filter((e): e is [string, number] => Number.isFinite(e[1])));
  useStepTaus.setState({ byModel: { ...byModel, ...useStepTaus.getState().byModel } });
}

/** The τ a model's card carries, when the model is loaded and its card has one. */
export const cardTau = (model: string): number | undefined => liveControllers().get(model)?.info?.card.provenance.metrics[CARD_TAU_METRIC];

/** The run read at the τ the user set for its model, or at its card's (or method's) when they set none. */
export const atUserTau = (run: ScoreRun, byModel: Record<string, number> = useStepTaus.getState().byModel): ScoreRun =>
  withUserTau(run, byModel[run.modelId]);

/** Calls `apply` with the new τs whenever the user changes one: how each store re-reads the runs it holds. */
export function onStepTausChange(apply: (byModel: Record<string, number>) => void): void {
  useStepTaus.subscribe((s, before) => s.byModel !== before.byModel && apply(s.byModel));
}

/**
 * The τ a model's runs are read at now: the user's, its card's, or its method's default; null for a method with no
 * step threshold (an ORM, a critic's vote). `cardValue` is the card's τ when the caller has the card at hand.
 */
export function useModelTau(model: string, method: string | undefined, cardValue?: number): StepTau | null {
  const user = useStepTaus((s) => s.byModel[model]);
  if (!method || !(RUN_METHODS as string[]).includes(method)) return null;
  const fallback = defaultStepTau(method as RunMethod);
  if (fallback === undefined) return null;
  if (user !== undefined) return { value: user, source: 'user' };
  const card = cardValue ?? cardTau(model);
  return card !== undefined ? { value: card, source: 'card' } : { value: fallback, source: 'method' };
}
