/**
 * What scoring, dataset batches and CAPO's critic need from a model, wherever it runs: an ORT session in this process
 * (`ModelRunner`) or a serving engine over HTTP (`RemoteModel`, runtime/engine/remoteModel.ts).
 */
import type { WorkbenchCard } from '../model/modelCard';
import type { SampleOptions } from './generate';
import type { LoadedTokenizer } from './tokenizer';

export interface ScoringModel {
  readonly parts: {
    card: WorkbenchCard;
    tokenizer: LoadedTokenizer;
    /** A DPO model's reference: its credit is β·log(π/π_ref). */
    reference?: ScoringModel;
  };
  /** The most tokens one input may have. */
  readonly context: number;
  /**
   * A scalar head's values at every position of every sequence: `width` values per position (NaN where none came
   * back). A model that asks per position (`readsAt`) is given the positions the card's reader will read.
   */
  scalars(sequences: readonly number[][], at?: readonly number[][]): Promise<{ rows: Float32Array[]; width: number; bytesRead: number }>;
  /**
   * Runs `pass` (encoding the inputs a job will need) until the tokenizer knows every text it asked for: a served
   * model tokenized by its engine fetches them here. Absent where the tokenizer is in this process.
   */
  prepare?(pass: () => void): Promise<void>;
  /** True when each position read costs a request of its own (an ORM scored at every step prefix). */
  readonly readsAt?: boolean;
  /** log p(token t+1 | tokens ≤ t) and that row's entropy (NaN where the model cannot say), for t < length − 1. */
  logprobs(sequences: readonly number[][]): Promise<{ logprobs: Float32Array[]; entropy: Float32Array[]; bytesRead: number }>;
  /** Completes every prompt (token ids) with new token ids. */
  generate(prompts: number[][], options: SampleOptions): Promise<number[][]>;
}
