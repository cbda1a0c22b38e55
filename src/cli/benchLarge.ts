/**
 * The benchmark at real scale: a Qwen2-architecture LM of 100M parameters with the real Qwen2.5 tokenizer (151,936
 * ids), random weights in external data, generated into a scratch models folder beside copies of the shipped ones
 * (never committed: 400 MB). Traces of 512 and 2,048 tokens, and the reduced log-prob path against reading the full
 * logits back.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { makeArithSet } from '../arith/traces';
import type { Trace } from '../domain/trace';
import { decoderParameterCount, type DecoderConfig } from '../model/decoder/config';
import { decoderFolderFiles, TINY_QWEN2 } from '../model/decoder/folder';
import { initDecoderWeights } from '../model/decoder/init';
import { plainLmCard } from '../model/modelCard';
import { writeModelFolder } from '../model/modelFolder';
import { logSoftmaxAt } from '../methods/logprobs';
import type { ModelRunner } from '../runtime/modelRunner';
import { REDUCED } from '../runtime/logprobGraph';
import { int64 } from '../runtime/ortApi';

export const LARGE_ID = 'bench-qwen2-100m';

export const LARGE_CONFIG: DecoderConfig = {
  ...TINY_QWEN2,
  hiddenSize: 512,
  intermediateSize: 1408,
  numLayers: 8,
  numHeads: 8,
  numKvHeads: 2,
  tieWordEmbeddings: true,
  scoreLabels: undefined,
};

/** A models folder holding the shipped models and the large one; returns its path. */
export function writeLargeModels(work: string): string {
  const dir = join(work, 'models');
  cpSync('models', dir, { recursive: true });
  const card = plainLmCard({
    id: LARGE_ID,
    name: `Random Qwen2 LM, ${(decoderParameterCount(LARGE_CONFIG) / 1e6).toFixed(0)}M parameters`,
    description: 'Benchmark only: random weights.',
    test: true,
    template: { prompt: '{problem}\n', response: '{response}' },
    provenance: { how: 'random init, N(0, 0.02)', data: 'none', steps: 0, seed: 1, wallTimeS: null, metrics: {} },
  });
  writeModelFolder(
    dir,
    LARGE_ID,
    decoderFolderFiles(LARGE_CONFIG, initDecoderWeights(LARGE_CONFIG, 1, 0.02), card, { externalData: true }),
  );
  return dir;
}

/** One trace of about `tokens` tokens under the model's tokenizer: arithmetic solutions, one after another. */
export function traceOfLength(runner: ModelRunner, tokens: number): Trace {
  const parts = makeArithSet(7_500_000, 400).map((t) => t.response);
  let response = '';
  for (const part of parts) {
    const next = response ? `${response}\n${part}` : part;
    if (runner.parts.tokenizer.encode(next).length + 8 > tokens) break;
    response = next;
  }
  return { id: `${tokens}-tokens`, source: 'bench', problem: 'Check these solutions.', response, steps: [], meta: {} };
}

/** The reduced log-prob graph against running the same graph for its full [T, V] logits and gathering in JS. */
export async function fullLogitsBench(runner: ModelRunner, ids: number[], repeats: number) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const { ort, session, config } = runner.parts;
  const feeds = {
    input_ids: int64(ort, [ids]),
    attention_mask: int64(ort, [ids.map(() => 1)]),
    position_ids: int64(ort, [ids.map((_, i) => i)]),
    // The extended graph's targets are an input like any other; the full-logits run does not read them.
    ...(session.inputNames.includes(REDUCED.targets) ? { [REDUCED.targets]: int64(ort, [ids.map(() => 0)]) } : {}),
    ...Object.fromEntries(
      session.inputNames
        .filter((n) => n.startsWith('past_key_values.'))
        .map((n) => [n, new ort.Tensor('float32', new Float32Array(0), [1, config.kvHeads, 0, config.headDim])]),
    ),
  };
  const reduced: number[] = [];
  const full: number[] = [];
  let ours: ArrayLike<number> = [];
  let theirs: number[] = [];
  let fullBytes = 0;
  let reducedBytes = 0;
  for (let r = 0; r < repeats; r++) {
    let t = performance.now();
    const got = await runner.logprobs([ids]);
    reduced.push(performance.now() - t);
    ours = got.logprobs[0];
    reducedBytes = got.bytesRead;
    t = performance.now();
    const logits = (await session.run(feeds, ['logits'])).logits;
    const data = (await logits.getData()) as Float32Array;
    const v = config.vocabSize;
    theirs = ids.slice(1).map((id, p) => logSoftmaxAt(data, p * v, v, id));
    full.push(performance.now() - t);
    fullBytes = data.byteLength;
  }
  let maxAbsDiff = 0;
  Array.from(ours).forEach((x, i) => (maxAbsDiff = Math.max(maxAbsDiff, Math.abs(x - theirs[i]))));
  const n = ids.length - 1;
  return {
    tokens: n,
    reducedMs: median(reduced),
    fullMs: median(full),
    reducedBytesPerToken: reducedBytes / n,
    fullBytesPerToken: fullBytes / ids.length,
    maxAbsDiff,
  };
}
