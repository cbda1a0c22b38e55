/** What one model made of one trace (design.md §2): every chart, export and metric reads this. */
import type { TokenSpan } from '../domain/tokenSpan';
import type { RunMethod } from './registry';

export type { RunMethod };

export interface Critique {
  text: string;
  /** The steps it names wrong, or null when it abstains (no parseable verdict). */
  wrongSteps: number[] | null;
}

export interface CapoDetails {
  critiques: Critique[];
  /** n_k per step, how many critiques voted and the merged verdict. */
  votes: { counts: number[]; voters: number; abstained: number; wrong: number[] };
  /** The verifier's or the gold answer's verdict on the final answer. */
  outcome: boolean;
}

/**
 * The τ a run's step scores are read with to name its first wrong step (the first step whose score is below τ), and
 * where τ came from: the method's default, the model card (chosen on validation seeds), the user (per model, in the page
 * or on the command line), or a calibration on validation data (methods.md §6).
 */
export interface StepTau {
  value: number;
  /** `user`: only as `stepTauOf` reports a run's `userTau`. */
  source: 'method' | 'card' | 'user' | 'validation';
}

export interface ScoreRun {
  traceId: string;
  modelId: string;
  method: RunMethod;
  /** Where it ran: webgpu, wasm, or node (onnxruntime-node). */
  device: string;
  dtype: 'float32';
  /** The response's tokens under this model's tokenizer; offsets index `Trace.response`. */
  tokens: TokenSpan[];
  /** The credit shown on each token (null where the method has none). */
  tokenScores: (number | null)[];
  stepScores: number[] | null;
  /** The τ its first wrong step is read at (the card's); absent: the method's default (eval/stepVerdicts.ts `stepTauOf`). */
  stepTau?: StepTau;
  /** The τ the user set for this run's model, read before `stepTau`; absent when they set none. */
  userTau?: number;
  traceScore: number | null;
  /** The model's raw outputs by name (Z with EOS, Q at tags, log-probs, entropy), for export and checking. */
  raw: Record<string, number[]>;
  capo?: CapoDetails;
  /** Set when only the first steps fitted the model and were scored (Long traces: the steps that fit). */
  truncated?: { keptSteps: number; steps: number; problemChars?: number };
  /** Characters of the problem or response this model's tokenizer lacks: each was read as its unknown token. */
  unknownChars?: string[];
  timingMs: { tokenize: number; run: number; total: number };
  /** Bytes of model output read back to JavaScript. */
  bytesRead: number;
  appVersion: string;
}
