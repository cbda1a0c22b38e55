/** CAPO's settings on the page (critic, N, sampling, oracle noise, vote) and the oracle critic's run. */
import { create } from 'zustand';
import type { ModelIndexEntry } from '../model/modelCard';
import type { ScoreRun } from '../methods/scoreRun';
import { characterTokens } from '../domain/tokenSpan';
import type { Trace } from '../domain/trace';
import { oracleCritiques } from '../methods/oracleCritic';
import { fail } from '../domain/errors';
import { capoRun, CRITIQUE_MAX_TOKENS, DEFAULT_CAPO, type CapoOptions } from '../methods/capo';

/** The oracle critic is offered beside the real models; it needs no worker. */
export const ORACLE = 'oracle-critic';
export const ORACLE_ENTRY: ModelIndexEntry = {
  id: ORACLE,
  name: 'Oracle critic (knows the true wrong steps, flips each with the noise rate)',
  role: 'critic',
  method: 'capo-critic',
};

export interface CapoSettings {
  /** The critic the CAPO panel runs: a critic model's id, or ORACLE. */
  critic: string;
  n: number;
  temperature: number;
  seed: number;
  /** The oracle critic's flip rate. */
  noise: number;
  capo: CapoOptions;
}

export const useCapoSettings = create<CapoSettings & { set: (patch: Partial<CapoSettings>) => void }>()((set) => ({
  critic: ORACLE,
  n: 4,
  temperature: 1,
  seed: 1,
  noise: 0.2,
  capo: DEFAULT_CAPO,
  set: (patch) => set(patch),
}));

/** What a critic model is asked for. */
export function critiqueRequest() {
  const { n, temperature, seed, capo } = useCapoSettings.getState();
  return { n, temperature, seed, maxTokens: CRITIQUE_MAX_TOKENS, capo };
}

/** CAPO with the oracle critic. It has no tokenizer, so its rewards sit on characters. */
export function oracleRun(trace: Trace): ScoreRun {
  const { n, noise, seed, capo } = useCapoSettings.getState();
  if (!trace.steps.every((st) => st.label === 'wrong' || st.label === 'correct'))
    fail(
      'input-invalid',
      'The oracle critic needs to know which steps are wrong, and this trace has no step labels.',
      'Pick a gallery trace, or keep the problem of a gallery trace unchanged so the verifier can label the steps.',
    );
  const zero = { tokenize: 0, run: 0, total: 0 };
  return capoRun(trace, characterTokens(trace.response), oracleCritiques(trace, n, noise, seed), capo, {
    modelId: ORACLE,
    device: 'none',
    timingMs: zero,
    bytesRead: 0,
  });
}
