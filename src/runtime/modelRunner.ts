/**
 * One loaded model and the forward passes every method needs: per-position scalars (reward heads) and per-token
 * log-probs (LMs, through the reduced graph), for many sequences at once, plus KV-cache generation. Sequences are
 * right-padded to a few length buckets, so the backends see a handful of shapes and can reuse them.
 */
import type { WorkbenchCard } from '../model/modelCard';
import type { Architecture } from '../model/architecture';
import { ioNames } from '../model/ioNames';
import { checkContext, errorText, fail } from '../domain/errors';
import { complete, type SampleOptions } from './generate';
import { REDUCED } from './logprobGraph';
import { int64, type InferenceSession, type OrtApi, type Tensor } from './ortApi';
import type { LoadedTokenizer } from './tokenizer';

export interface RunnerParts {
  ort: OrtApi;
  card: WorkbenchCard;
  config: Architecture;
  session: InferenceSession;
  tokenizer: LoadedTokenizer;
  /** A DPO model's reference (card.reference), opened beside it: its credit is β·log(π/π_ref). */
  reference?: ModelRunner;
}

/** At most this many padded tokens go into one run. */
const TOKENS_PER_RUN = 8192;

/** Logits one log-prob run may hold, tokens × vocabulary: 32M floats, 128 MB a tensor (the graph keeps a few). */
const LOGIT_BUDGET = 32 * 1024 * 1024;

/** The padded length for a sequence of n tokens: the next power of two from 16, capped at the context. */
function bucketLength(n: number, context: number): number {
  let b = 16;
  while (b < n) b *= 2;
  return Math.min(b, context);
}

/** Indices of `lengths` grouped into runs: same bucket, at most TOKENS_PER_RUN padded tokens each. */
function planRuns(lengths: readonly number[], context: number): { bucket: number; rows: number[] }[] {
  const order = lengths.map((_, i) => i).sort((a, b) => lengths[a] - lengths[b] || a - b);
  const runs: { bucket: number; rows: number[] }[] = [];
  for (const i of order) {
    const bucket = bucketLength(lengths[i], context);
    const last = runs.at(-1);
    if (last && last.bucket === bucket && (last.rows.length + 1) * bucket <= TOKENS_PER_RUN) last.rows.push(i);
    else runs.push({ bucket, rows: [i] });
  }
  return runs;
}

interface Output {
  values: Float32Array;
  /** Values per position: the third dimension of a [batch, sequence, width] output, 1 for [batch, sequence]. */
  width: number;
}

export interface RowsResult {
  /** One array per input sequence, one value per position (padding removed). */
  rows: Float32Array[];
  bytesRead: number;
}

export class ModelRunner {
  constructor(readonly parts: RunnerParts) {}

  get context(): number {
    return this.parts.config.context;
  }

  private checkLength(n: number): void {
    checkContext(n, this.context, this.parts.card.name);
  }

  /** One session run; running out of the backend's memory is said in words, with what to do. */
  private async run(feeds: Record<string, Tensor>, fetches: string[], tokens: number): Promise<Record<string, Tensor>> {
    try {
      return await this.parts.session.run(feeds, fetches);
    } catch (e) {
      if (/bad_alloc|out of memory|Failed to allocate/i.test(errorText(e)))
        fail(
          'backend-failed',
          `${this.parts.card.name} ran out of memory on this backend scoring ${tokens} tokens.`,
          'Score a shorter trace or fewer at once, load a smaller dtype (fp16, q4), or score it on Node with `npm run score`.',
        );
      throw e;
    }
  }

  private feeds(batch: number[][], bucket: number): Record<string, Tensor> {
    const { ort, session, config } = this.parts;
    const ids = batch.map((s) => [...s, ...Array<number>(bucket - s.length).fill(0)]);
    const feeds: Record<string, Tensor> = {
      [ioNames.inputIds]: int64(ort, ids),
      [ioNames.attentionMask]: int64(
        ort,
        batch.map((s) => ids[0].map((_, t) => (t < s.length ? 1 : 0))),
      ),
    };
    if (session.inputNames.includes(ioNames.positionIds))
      feeds[ioNames.positionIds] = int64(
        ort,
        ids.map((row) => row.map((_, t) => t)),
      );
    for (const name of session.inputNames)
      if (name.startsWith('past_key_values.'))
        feeds[name] = new ort.Tensor('float32', new Float32Array(0), [batch.length, config.kvHeads, 0, config.headDim]);
    return feeds;
  }

  /** Runs every sequence through the graph in bucketed batches; `read` turns one run's outputs into per-row arrays. */
  private async runAll(
    sequences: readonly number[][],
    fetches: string[],
    extra: (batch: number[][], bucket: number) => Record<string, Tensor>,
    read: (outputs: Record<string, Output>, row: number, bucket: number, length: number) => Float32Array[],
  ): Promise<{ rows: Float32Array[][]; bytesRead: number }> {
    sequences.forEach((s) => this.checkLength(s.length));
    const out: Float32Array[][] = new Array(sequences.length);
    let bytesRead = 0;
    for (const run of planRuns(
      sequences.map((s) => s.length),
      this.context,
    )) {
      const batch = run.rows.map((i) => sequences[i]);
      const result = await this.run({ ...this.feeds(batch, run.bucket), ...extra(batch, run.bucket) }, fetches, run.bucket * batch.length);
      const data: Record<string, Output> = {};
      for (const name of fetches) {
        const t = result[name];
        if (!t)
          fail(
            'card-invalid',
            `The model has no output "${name}" (it has ${this.parts.session.outputNames.join(', ')}).`,
            'Fix output.name in workbench.json.',
          );
        const values = (await t.getData()) as Float32Array;
        data[name] = { values, width: Number(t.dims[2] ?? 1) };
        bytesRead += values.byteLength;
      }
      run.rows.forEach((i, r) => (out[i] = read(data, r, run.bucket, sequences[i].length)));
    }
    return { rows: out, bytesRead };
  }

  /** A scalar head's output at every position of every sequence: `width` values per position (2 for two-class heads). */
  async scalars(sequences: readonly number[][]): Promise<RowsResult & { width: number }> {
    const name = this.parts.card.output.name;
    let width = 1;
    const { rows, bytesRead } = await this.runAll(
      sequences,
      [name],
      () => ({}),
      (data, r, bucket, length) => {
        width = data[name].width;
        return [data[name].values.slice(r * bucket * width, (r * bucket + length) * width)];
      },
    );
    return { rows: rows.map((r) => r[0]), width, bytesRead };
  }

  /**
   * log p(token t+1 | tokens ≤ t) and the entropy of that distribution, for t < length−1, reduced on the device by
   * the extended graph (logprobGraph.ts): only two floats per token come back.
   */
  async logprobs(sequences: readonly number[][]): Promise<{ logprobs: Float32Array[]; entropy: Float32Array[]; bytesRead: number }> {
    if (!this.parts.session.outputNames.includes(REDUCED.logprobs))
      fail('card-invalid', `${this.parts.card.name} has no reduced log-prob output.`, 'Load it as a language model (vocab-logits).');
    // The graph holds a few [tokens × vocabulary] tensors while it reduces them: a long sequence with a large vocabulary
    // goes through the KV cache in chunks, so they stay within the backend's memory (4 GB on WASM).
    const chunk = Math.max(16, Math.floor(LOGIT_BUDGET / this.parts.config.vocabSize));
    const cached = this.parts.session.inputNames.includes(ioNames.pastKey(0));
    const long = sequences.map((s) => cached && s.length > chunk);
    const { rows, bytesRead } = await this.logprobsBatched(sequences.filter((_, i) => !long[i]));
    let read = bytesRead;
    const out: Float32Array[][] = [];
    let k = 0;
    for (let i = 0; i < sequences.length; i++) {
      if (!long[i]) out.push(rows[k++]);
      else {
        const r = await this.logprobsChunked(sequences[i], chunk);
        out.push([r.logprobs, r.entropy]);
        read += r.bytesRead;
      }
    }
    return { logprobs: out.map((r) => r[0]), entropy: out.map((r) => r[1]), bytesRead: read };
  }

  private async logprobsBatched(sequences: readonly number[][]): Promise<{ rows: Float32Array[][]; bytesRead: number }> {
    if (!sequences.length) return { rows: [], bytesRead: 0 };
    return this.runAll(
      sequences,
      [REDUCED.logprobs, REDUCED.entropy],
      (batch, bucket) => ({
        [REDUCED.targets]: int64(
          this.parts.ort,
          batch.map((s) => Array.from({ length: bucket }, (_, t) => (t + 1 < s.length ? s[t + 1] : 0))),
        ),
      }),
      (data, r, bucket, length) =>
        [REDUCED.logprobs, REDUCED.entropy].map((name) => data[name].values.slice(r * bucket, r * bucket + length - 1)),
    );
  }

  /** One long sequence, `chunk` tokens at a time through the KV cache; the same numbers as one pass. */
  private async logprobsChunked(
    ids: readonly number[],
    chunk: number,
  ): Promise<{ logprobs: Float32Array; entropy: Float32Array; bytesRead: number }> {
    this.checkLength(ids.length);
    const { ort, config } = this.parts;
    const logprobs = new Float32Array(ids.length - 1);
    const entropy = new Float32Array(ids.length - 1);
    let past: Record<string, Tensor> = {};
    for (let l = 0; l < config.layers; l++)
      for (const name of [ioNames.pastKey(l), ioNames.pastValue(l)])
        past[name] = new ort.Tensor('float32', new Float32Array(0), [1, config.kvHeads, 0, config.headDim]);
    const presents = Array.from({ length: config.layers }, (_, l) => [ioNames.presentKey(l), ioNames.presentValue(l)]).flat();
    let bytesRead = 0;
    for (let start = 0; start < ids.length; start += chunk) {
      const piece = ids.slice(start, start + chunk);
      const result = await this.run(
        {
          [ioNames.inputIds]: int64(ort, [piece]),
          [ioNames.attentionMask]: int64(ort, [Array<number>(start + piece.length).fill(1)]),
          [ioNames.positionIds]: int64(ort, [piece.map((_, t) => start + t)]),
          [REDUCED.targets]: int64(ort, [piece.map((_, t) => ids[start + t + 1] ?? 0)]),
          ...past,
        },
        [REDUCED.logprobs, REDUCED.entropy, ...presents],
        ids.length,
      );
      const n = Math.min(piece.length, ids.length - 1 - start);
      const lp = (await result[REDUCED.logprobs].getData()) as Float32Array;
      const en = (await result[REDUCED.entropy].getData()) as Float32Array;
      logprobs.set(lp.subarray(0, n), start);
      entropy.set(en.subarray(0, n), start);
      bytesRead += lp.byteLength + en.byteLength;
      past = {};
      for (let l = 0; l < config.layers; l++) {
        past[ioNames.pastKey(l)] = result[ioNames.presentKey(l)];
        past[ioNames.pastValue(l)] = result[ioNames.presentValue(l)];
      }
    }
    return { logprobs, entropy, bytesRead };
  }

  /** Completes every prompt with the KV cache; see generate.ts. */
  generate(prompts: number[][], options: SampleOptions): Promise<number[][]> {
    prompts.forEach((p) => this.checkLength(p.length));
    return complete(this.parts.ort, this.parts.session, this.parts.config, prompts, options);
  }
}
