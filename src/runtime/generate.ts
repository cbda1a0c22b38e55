/**
 * Sampling from an exported LM with its KV cache (temperature, top-p, a seeded stream). Prompts are left-padded so
 * one batch can mix lengths; new tokens stream out through `onTokens`, and `stopped` is checked between tokens.
 */
import type { Architecture } from '../model/architecture';
import { ioNames } from '../model/ioNames';
import { REDUCED } from './logprobGraph';
import { int64, type InferenceSession, type OrtApi, type Tensor } from './ortApi';

export interface SampleOptions {
  /** 0 decodes greedily. */
  temperature: number;
  /** Nucleus sampling: keep the smallest set of tokens whose probability reaches topP (1 keeps all). */
  topP?: number;
  maxNew: number;
  /** Stops a row; −1 for none. */
  eos: number;
  /**
   * Text that also ends a row, for an engine that samples on its side (sent as `stop`), where a tokenizer may merge
   * it into a longer token. This process stops at `eos` only; the caller cuts the text at the stop.
   */
  stop?: string;
  rand: () => number;
  /**
   * A stream per prompt, in place of `rand` (prompts that share one stream draw from it in turn, row by row): how a
   * batch reproduces what an engine draws for each of its requests.
   */
  rands?: readonly (() => number)[];
  /** The seed `rand` was made from, for engines that sample on their side (a served critic). */
  seed?: number;
  /** Called after every step with the token each row drew (null once a row has ended). */
  onTokens?: (tokens: (number | null)[]) => void;
  /** Checked before every step; true ends the generation early. */
  stopped?: () => boolean;
  /** Awaited before every step: a worker yields here so a cancel message can arrive. */
  pause?: () => Promise<void>;
}

/** Draws one token from row `at` of `logits` (width entries). */
export function sampleToken(
  logits: ArrayLike<number>,
  at: number,
  width: number,
  options: Pick<SampleOptions, 'temperature' | 'topP' | 'rand'>,
): number {
  let best = 0;
  for (let v = 1; v < width; v++) if (logits[at + v] > logits[at + best]) best = v;
  if (options.temperature === 0) return best;
  let sum = 0;
  const p = new Float64Array(width);
  for (let v = 0; v < width; v++) sum += p[v] = Math.exp((logits[at + v] - logits[at + best]) / options.temperature);
  const topP = options.topP ?? 1;
  if (topP < 1) {
    const order = Array.from({ length: width }, (_, v) => v).sort((a, b) => p[b] - p[a] || a - b);
    let kept = 0;
    let mass = 0;
    while (kept < width && mass < topP * sum) mass += p[order[kept++]];
    let r = options.rand() * mass;
    for (let i = 0; i < kept; i++) if ((r -= p[order[i]]) <= 0) return order[i];
    return order[0];
  }
  let r = options.rand() * sum;
  for (let v = 0; v < width; v++) if ((r -= p[v]) <= 0) return v;
  return best;
}

/** Completes every prompt (token ids, BOS included); returns the new tokens of each, up to and without EOS. */
export async function complete(
  ort: OrtApi,
  session: InferenceSession,
  cfg: Architecture,
  prompts: number[][],
  options: SampleOptions,
): Promise<number[][]> {
  const width = Math.max(...prompts.map((p) => p.length));
  const pads = prompts.map((p) => width - p.length);
  let ids = prompts.map((p, b) => [...Array<number>(pads[b]).fill(Math.max(0, options.eos)), ...p]);
  const mask = prompts.map((_, b) => Array.from({ length: width }, (_, t) => (t < pads[b] ? 0 : 1)));
  let positions = prompts.map((_, b) => Array.from({ length: width }, (_, t) => Math.max(0, t - pads[b])));
  const empty = new ort.Tensor('float32', new Float32Array(0), [prompts.length, cfg.kvHeads, 0, cfg.headDim]);
  let past: Record<string, Tensor> = {};
  for (let l = 0; l < cfg.layers; l++) past[ioNames.pastKey(l)] = past[ioNames.pastValue(l)] = empty;
  const fetches = [
    ioNames.logits,
    ...Array.from({ length: cfg.layers }, (_, l) => [ioNames.presentKey(l), ioNames.presentValue(l)]).flat(),
  ];
  const out = prompts.map(() => [] as number[]);
  const done = prompts.map(() => false);
  for (let step = 0; step < options.maxNew && done.includes(false); step++) {
    await options.pause?.();
    if (mask[0].length >= cfg.context || options.stopped?.()) break;
    const feeds: Record<string, Tensor> = {
      [ioNames.inputIds]: int64(ort, ids),
      [ioNames.attentionMask]: int64(ort, mask),
      [ioNames.positionIds]: int64(ort, positions),
      ...past,
    };
    // A graph extended for log-prob scoring wants targets too; generation reads none of those outputs.
    if (session.inputNames.includes(REDUCED.targets))
      feeds[REDUCED.targets] = int64(
        ort,
        ids.map((row) => row.map(() => 0)),
      );
    const result = await session.run(feeds, fetches);
    const logits = (await result[ioNames.logits].getData()) as Float32Array;
    const seq = ids[0].length;
    const next = prompts.map((_, b) =>
      sampleToken(logits, (b * seq + seq - 1) * cfg.vocabSize, cfg.vocabSize, { ...options, rand: options.rands?.[b] ?? options.rand }),
    );
    const drawn = next.map((token, b) => {
      if (done[b]) return null;
      if (token === options.eos) done[b] = true;
      else out[b].push(token);
      return token;
    });
    options.onTokens?.(drawn);
    past = {};
    for (let l = 0; l < cfg.layers; l++) {
      past[ioNames.pastKey(l)] = result[ioNames.presentKey(l)];
      past[ioNames.pastValue(l)] = result[ioNames.presentValue(l)];
    }
    ids = next.map((t) => [t]);
    positions = positions.map((row) => [row[row.length - 1] + 1]);
    mask.forEach((row) => row.push(1));
  }
  return out;
}
