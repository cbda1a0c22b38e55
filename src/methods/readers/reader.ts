/**
 * An output reader turns one trace's raw model output into the values a method reads (design.md §3): log φ per
 * token, Z per token, Q or logits at the step tags, an outcome. The card's `output.meaning` picks the reader.
 */
import type { TokenSpan } from '../../domain/tokenSpan';
import type { Trace } from '../../domain/trace';
import type { READERS } from './index';

export type OutputMeaning = keyof typeof READERS;

/** Where the response sits in the model's input (built by the runtime's encoder). */
export interface EncodedPositions {
  /** The response's tokens (offsets into the response). */
  tokens: TokenSpan[];
  /** Their positions in the input ids. */
  positions: number[];
  /** Positions of the step tags, one per step (tag models only). */
  tags: number[];
  /** Positions the outcome reads: the response tokens plus what the template appends (EOS). */
  scored: number[];
}

/** One trace's model output: log φ and entropy of the token at a position (LM read-outs), or a head's values. */
export interface ModelOutput {
  logprob: (position: number) => number;
  entropy: (position: number) => number;
  value: (position: number, k?: number) => number;
  /** Values per position of a scalar head (1, or 2 for two-class logits). */
  width: number;
}

export interface ReaderInput {
  trace: Trace;
  encoded: EncodedPositions;
  output: ModelOutput;
  /** The card's params (the softmin temperature and bias of the LM-head read-outs). */
  params: Readonly<Record<string, number>>;
  /** The model's name, for errors. */
  modelName: string;
}

/** What a reader gives a method. Each reader fills the fields its meaning has. */
export interface ReadOutput {
  /** One value per response token: log φ (LM read-outs) or Z (a scalar head). */
  token?: number[];
  /** The token values plus what the template appends (EOS): the outcome's values. */
  scored?: number[];
  /** Step Q from the LM head's prefix softmin. */
  stepQ?: number[];
  /** One row of head values per step, read at the step tags. */
  stepRows?: number[][];
  /** An outcome the reader computed (the softmin outcome). */
  outcome?: number;
  /** The raw numbers kept in the run, by name. */
  raw: Record<string, number[]>;
}

export interface OutputReader {
  /** What the output is, in a sentence (the local-folder form and the docs show it). */
  doc: string;
  /** Read through the LM head's reduced log-prob graph (BOS in front, O(T) numbers back), or a head's values. */
  logprobs: boolean;
  read: (input: ReaderInput) => ReadOutput;
}

/** log φ of each response token and of each position the outcome reads (design.md §3, the LM-head read-outs). */
export function lmValues({ encoded, output }: ReaderInput): { token: number[]; scored: number[] } {
  return { token: encoded.positions.map((p) => output.logprob(p)), scored: encoded.scored.map((p) => output.logprob(p)) };
}
