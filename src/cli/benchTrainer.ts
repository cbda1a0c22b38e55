/**
 * The trainer's policy step (forward, loss, backward and AdamW on one step of arith-policy's training data), on one
 * core, for each way the trainer can run: tokens per second and effective GFLOP/s. Part of `npm run bench`; alone:
 * `npm run bench:trainer -- [--repeats 7]`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ARITH_CONTEXT } from '../arith/prompts';
import { wasmKernels, type PassesKind } from '../learn/kernels';
import { ADAMW_DEFAULTS } from '../learn/optimizer';
import type { Packed } from '../learn/packing';
import { Replica } from '../learn/replica';
import type { ModelConfig } from '../model/config';
import { charTokenizer } from '../model/charTokenizer';
import { charVocab } from '../model/hfFiles';
import { initWeights } from '../model/init';
import { FULL } from '../train/recipe';
import { policyShards } from '../train/zoo';
import { argValue } from './args';

export interface TrainerVariant {
  name: string;
  passes: PassesKind;
  wholeSquares: boolean;
}

export const TRAINER_VARIANTS: TrainerVariant[] = [
  { name: 'baseline: JS passes, whole attention squares', passes: 'js', wholeSquares: true },
  { name: 'JS passes, causal triangles (models:train)', passes: 'js', wholeSquares: false },
  { name: 'SIMD passes, causal triangles (Lab, npm run rl)', passes: 'simd', wholeSquares: false },
];

export interface TrainerRow extends TrainerVariant {
  tokens: number;
  msPerStep: number;
  tokensPerS: number;
  gflopsPerCore: number;
}

/** Multiply-adds ×2 that one step needs: the weight products (forward, input and weight gradients) and the causal attention. */
export function stepFlops(cfg: ModelConfig, packed: Packed): number {
  const d = cfg.nEmbd;
  const tokens = packed.batch.ids.length;
  const weights = 6 * tokens * (12 * cfg.nLayer * d * d + (cfg.head === 'lm' ? cfg.vocabSize * d : d));
  const pairs = packed.batch.seqs.reduce((sum, s) => sum + (s.length * (s.length + 1)) / 2, 0);
  return weights + 12 * pairs * d * cfg.nLayer;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function trainerBench(repeats: number): TrainerRow[] {
  const vocab = charVocab();
  const P = FULL.policy;
  const cfg: ModelConfig = { ...FULL.model, vocabSize: vocab.tokens.length, nPositions: ARITH_CONTEXT, head: 'lm', layerNormEps: 1e-5 };
  const [packed] = policyShards(charTokenizer(vocab), P, 0, 1);
  const tokens = packed.batch.ids.length;
  const wasm = readFileSync(new URL('../learn/simd/kernels.wasm', import.meta.url));
  const spec = {
    cfg,
    capacity: { maxTokens: tokens, maxSeqLen: ARITH_CONTEXT },
    weights: initWeights(cfg, FULL.seed, 0.02),
    adamw: ADAMW_DEFAULTS,
  };
  const replicas = TRAINER_VARIANTS.map((v) => new Replica(spec, wasmKernels(wasm, { passes: v.passes }), v.wholeSquares));
  const step = (r: Replica) => {
    const t = performance.now();
    r.gradients(packed);
    r.update(null, P.lr);
    return performance.now() - t;
  };
  replicas.forEach(step);
  // Interleaved, so a slow spell of this noisy machine falls on every variant alike.
  const times = replicas.map(() => [] as number[]);
  for (let i = 0; i < repeats; i++) replicas.forEach((r, v) => times[v].push(step(r)));
  const flops = stepFlops(cfg, packed);
  return TRAINER_VARIANTS.map((v, i) => {
    const ms = median(times[i]);
    return { ...v, tokens, msPerStep: ms, tokensPerS: (tokens / ms) * 1000, gflopsPerCore: flops / ms / 1e6 };
  });
}

export function trainerTable(rows: TrainerRow[], repeats: number): string {
  const base = rows[0].tokensPerS;
  return [
    `Trainer: one policy step of arith-policy (${rows[0].tokens} tokens; forward, loss, backward, AdamW) on one core, median of ${repeats}`,
    '',
    '| trainer | ms per step | tokens/s | effective GFLOP/s per core | × baseline |',
    '|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.msPerStep.toFixed(0)} | ${r.tokensPerS.toFixed(0)} | ${r.gflopsPerCore.toFixed(1)} | ${(r.tokensPerS / base).toFixed(2)}× |`,
    ),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const repeats = Number(argValue('--repeats') ?? 7);
  console.log(trainerTable(trainerBench(repeats), repeats));
}
