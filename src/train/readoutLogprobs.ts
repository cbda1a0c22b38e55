/** log φ at the read-out rows of texts, from an LM session's full logits (the arith vocabulary is small). */
import * as ort from 'onnxruntime-node';
import { headDim, type ModelConfig } from '../model/config';
import { logSoftmaxAt } from '../methods/logprobs';
import { ioNames } from '../model/ioNames';
import { EOS } from '../arith/prompts';
import { int64 } from './ortGenerate';
import type { ReadoutText } from '../learn/packing';

/** For each text, log φ of the token after each of its `rows` (right-padded batches of 32). */
export async function readoutLogprobs(session: ort.InferenceSession, cfg: ModelConfig, texts: readonly ReadoutText[]): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i += 32) {
    const chunk = texts.slice(i, i + 32);
    const width = Math.max(...chunk.map((t) => t.ids.length));
    const empty = new ort.Tensor('float32', new Float32Array(0), [chunk.length, cfg.nHead, 0, headDim(cfg)]);
    const past = Object.fromEntries(
      Array.from({ length: cfg.nLayer }, (_, l) => [ioNames.pastKey(l), ioNames.pastValue(l)])
        .flat()
        .map((n) => [n, empty]),
    );
    const r = await session.run({
      ...past,
      [ioNames.inputIds]: int64(chunk.map((t) => [...t.ids, ...Array<number>(width - t.ids.length).fill(EOS)])),
      [ioNames.attentionMask]: int64(chunk.map((t) => Array.from({ length: width }, (_, j) => (j < t.ids.length ? 1 : 0)))),
      [ioNames.positionIds]: int64(chunk.map(() => Array.from({ length: width }, (_, j) => j))),
    });
    const logits = r[ioNames.logits];
    const vocab = logits.dims[2];
    const data = logits.data as Float32Array;
    chunk.forEach((t, b) => out.push(t.rows.map((row) => logSoftmaxAt(data, (b * width + row) * vocab, vocab, t.ids[row + 1]))));
  }
  return out;
}
