/** CAPO on the page's trace: N critiques from a critic model (or the oracle critic), voted into token rewards. */
import { create } from 'zustand';
import type { ScoreRun } from '../domain/scoreRun';
import type { Trace } from '../domain/trace';
import { oracleCritiques } from '../domain/oracleCritic';
import { capoRun, DEFAULT_CAPO, type CapoOptions } from '../runtime/critique';
import { toWorkbenchError, type WorkbenchError } from '../runtime/errors';
import { currentTrace, modelController } from './workbench';

export const ORACLE = 'oracle';

export interface CapoState {
  /** A critic model id, or ORACLE. */
  critic: string;
  n: number;
  temperature: number;
  seed: number;
  /** The oracle critic's flip rate. */
  noise: number;
  capo: CapoOptions;
  status: 'idle' | 'running';
  run: ScoreRun | null;
  /** The trace the run critiqued. */
  trace: Trace | null;
  error: WorkbenchError | null;
  set: (patch: Partial<Pick<CapoState, 'critic' | 'n' | 'temperature' | 'seed' | 'noise' | 'capo'>>) => void;
  critique: () => Promise<void>;
}

export const useCapo = create<CapoState>()((set, get) => ({
  critic: ORACLE,
  n: 4,
  temperature: 1,
  seed: 1,
  noise: 0.2,
  capo: DEFAULT_CAPO,
  status: 'idle',
  run: null,
  trace: null,
  error: null,
  set: (patch) => set(patch),

  async critique() {
    const { critic, n, temperature, seed, noise, capo } = get();
    set({ status: 'running', error: null });
    try {
      const trace = currentTrace();
      let run: ScoreRun;
      if (critic === ORACLE) {
        // The oracle has no tokenizer: its rewards sit on characters.
        let at = 0;
        const tokens = [...trace.response].map((ch) => ({
          id: ch.codePointAt(0) ?? 0,
          text: ch,
          charStart: at,
          charEnd: (at += ch.length),
          special: false,
        }));
        const zero = { tokenize: 0, run: 0, total: 0 };
        run = capoRun(trace, tokens, oracleCritiques(trace, n, noise, seed), capo, {
          modelId: ORACLE,
          device: 'none',
          timingMs: zero,
          bytesRead: 0,
        });
      } else {
        run = await modelController(critic).critique(trace, { n, temperature, seed, maxTokens: 160, capo }).done;
      }
      set({ run, trace, status: 'idle' });
    } catch (e) {
      set({ error: toWorkbenchError(e), status: 'idle' });
    }
  },
}));
