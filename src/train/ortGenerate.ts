/**
 * Sampling from an exported LM with onnxruntime-node and its KV cache: the policy's rollouts, the critic's reviews and
 * the greedy answers of the report. Prompts are left-padded so a batch can mix problems.
 */
import * as ort from 'onnxruntime-node';
import { headDim, type ModelConfig } from '../model/config';
import { ioNames } from '../model/ioNames';

export interface SampleOptions {
  /** 0 decodes greedily. */
  temperature: number;
  maxNew: number;
  eos: number;
  rand: () => number;
}

/** A [rows, columns] int64 tensor. */
export const int64 = (rows: number[][]) =>
  new ort.Tensor('int64', BigInt64Array.from(rows.flat().map(BigInt)), [rows.length, rows[0].length]);

export async function lmSession(onnx: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(onnx, { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
}

function pick(logits: Float32Array, at: number, width: number, { temperature, rand }: SampleOptions): number {
  let best = 0;
  for (let v = 1; v < width; v++) if (logits[at + v] > logits[at + best]) best = v;
  if (temperature === 0) return best;
  let sum = 0;
  const p = new Float64Array(width);
  for (let v = 0; v < width; v++) sum += p[v] = Math.exp((logits[at + v] - logits[at + best]) / temperature);
  let r = rand() * sum;
  for (let v = 0; v < width; v++) if ((r -= p[v]) <= 0) return v;
  return best;
}

/** Completes every prompt (token ids, BOS included); returns the new tokens of each, up to and without EOS. */
export async function complete(
  session: ort.InferenceSession,
  cfg: ModelConfig,
  prompts: number[][],
  options: SampleOptions,
): Promise<number[][]> {
  const width = Math.max(...prompts.map((p) => p.length));
  const pads = prompts.map((p) => width - p.length);
  let ids = prompts.map((p, b) => [...Array<number>(pads[b]).fill(options.eos), ...p]);
  const mask = prompts.map((_, b) => Array.from({ length: width }, (_, t) => (t < pads[b] ? 0 : 1)));
  let positions = prompts.map((_, b) => Array.from({ length: width }, (_, t) => Math.max(0, t - pads[b])));
  const empty = new ort.Tensor('float32', new Float32Array(0), [prompts.length, cfg.nHead, 0, headDim(cfg)]);
  let past: Record<string, ort.Tensor> = {};
  for (let l = 0; l < cfg.nLayer; l++) past[ioNames.pastKey(l)] = past[ioNames.pastValue(l)] = empty;
  const out = prompts.map(() => [] as number[]);
  const done = prompts.map(() => false);
  for (let step = 0; step < options.maxNew && done.includes(false); step++) {
    if (mask[0].length >= cfg.nPositions) break;
    const result = await session.run({
      [ioNames.inputIds]: int64(ids),
      [ioNames.attentionMask]: int64(mask),
      [ioNames.positionIds]: int64(positions),
      ...past,
    });
    const logits = result[ioNames.logits].data as Float32Array;
    const seq = ids[0].length;
    const next = prompts.map((_, b) => pick(logits, (b * seq + seq - 1) * cfg.vocabSize, cfg.vocabSize, options));
    next.forEach((token, b) => {
      if (done[b]) return;
      if (token === options.eos) done[b] = true;
      else out[b].push(token);
    });
    past = {};
    for (let l = 0; l < cfg.nLayer; l++) {
      past[ioNames.pastKey(l)] = result[ioNames.presentKey(l)];
      past[ioNames.pastValue(l)] = result[ioNames.presentValue(l)];
    }
    ids = next.map((t) => [t]);
    positions = positions.map((row) => [row[row.length - 1] + 1]);
    mask.forEach((row) => row.push(1));
  }
  return out;
}
