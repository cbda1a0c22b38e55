/** Sampling from a policy on the page's problem: streamed samples, cancel, and how fast the cancel took effect. */
import { create } from 'zustand';
import type { Job } from '../client/modelController';
import { toWorkbenchError, type WorkbenchError } from '../domain/errors';
import type { GenerateOptions } from '../client/modelController';
import { modelController, useWorkbench } from './workbench';

export interface GenerationState {
  modelId: string;
  options: GenerateOptions;
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  texts: string[];
  error: WorkbenchError | null;
  /** From pressing Cancel to the job's end, in ms. */
  cancelMs: number | null;
  setModel: (id: string) => void;
  setOptions: (patch: Partial<GenerateOptions>) => void;
  generate: () => Promise<void>;
  cancel: () => void;
}

let running: Job<string[]> | null = null;
let cancelAt = 0;

export const useGeneration = create<GenerationState>()((set, get) => ({
  modelId: '',
  options: { n: 4, temperature: 1, topP: 1, maxTokens: 140, seed: 1, ignoreEos: false },
  status: 'idle',
  texts: [],
  error: null,
  cancelMs: null,
  setModel: (modelId) => set({ modelId }),
  setOptions: (patch) => set((s) => ({ options: { ...s.options, ...patch } })),

  async generate() {
    const { modelId, options } = get();
    if (!modelId || running) return;
    const prompt = useWorkbench.getState().problem;
    set({ status: 'running', texts: [], error: null, cancelMs: null });
    const job = modelController(modelId).generate(`${prompt}\n`, options, (texts) => set({ texts }));
    running = job;
    try {
      set({ texts: await job.done, status: 'done' });
    } catch (e) {
      const error = toWorkbenchError(e);
      if (error.code === 'cancelled') set({ status: 'cancelled', cancelMs: performance.now() - cancelAt });
      else set({ status: 'failed', error });
    } finally {
      running = null;
    }
  },

  cancel() {
    if (!running) return;
    cancelAt = performance.now();
    running.cancel();
  },
}));
