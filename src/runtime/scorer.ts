import type { WorkbenchCard } from '../domain/modelCard';
import { tokenLogProbs } from '../methods/logprobs';
import { headDim, type ModelConfig } from '../model/config';
import { ioNames } from '../model/ioNames';
import { fail } from './errors';
import { ort } from './ort';
import type { Backend, ScoreResult, ValueMeaning } from './protocol';
import type { LoadedTokenizer } from './tokenizer';

export interface ScorerParts {
  modelId: string;
  backend: Backend;
  card: WorkbenchCard;
  config: ModelConfig;
  session: ort.InferenceSession;
  tokenizer: LoadedTokenizer;
}

function meaningOf(card: WorkbenchCard): ValueMeaning {
  if (card.output.meaning === 'token-scalar') return 'token-scalar';
  if (card.output.meaning === 'vocab-logits') return 'token-logprob';
  fail(
    'card-invalid',
    `Output meaning "${card.output.meaning}" of "${card.id}" is not supported by this runtime yet.`,
    'Use a model whose workbench.json output meaning is token-scalar or vocab-logits.',
  );
}

const int64 = (values: number[]) => new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);

/** Scores one text: per-token values read from the model's output under the card's convention. */
export class Scorer {
  readonly meaning: ValueMeaning;
  /** LMs get a BOS token in front so the first real token has a row to be read from. */
  private readonly prefix: number[];

  constructor(private readonly parts: ScorerParts) {
    this.meaning = meaningOf(parts.card);
    this.prefix = this.meaning === 'token-logprob' && parts.tokenizer.bosId !== null ? [parts.tokenizer.bosId] : [];
  }

  get maxTokens(): number {
    return this.parts.config.nPositions - this.prefix.length;
  }

  private feeds(inputIds: number[]): Record<string, ort.Tensor> {
    const { session, config } = this.parts;
    const feeds: Record<string, ort.Tensor> = {
      [ioNames.inputIds]: int64(inputIds),
      [ioNames.attentionMask]: int64(inputIds.map(() => 1)),
    };
    if (session.inputNames.includes(ioNames.positionIds)) feeds[ioNames.positionIds] = int64(inputIds.map((_, i) => i));
    // An LM export takes a KV cache; a full-text score starts from an empty one.
    for (const name of session.inputNames) {
      if (name.startsWith('past_key_values.')) {
        feeds[name] = new ort.Tensor('float32', new Float32Array(0), [1, config.nHead, 0, headDim(config)]);
      }
    }
    return feeds;
  }

  async score(text: string): Promise<ScoreResult> {
    const { session, tokenizer, card, modelId, backend } = this.parts;
    const t0 = performance.now();
    if (text.length === 0) fail('input-empty', 'There is no text to score.', 'Type or paste a reasoning trace first.');
    const ids = tokenizer.encode(text);
    if (ids.length > this.maxTokens) {
      fail(
        'input-too-long',
        `The trace has ${ids.length} tokens; ${card.name} reads at most ${this.maxTokens}.`,
        `Shorten the trace to about ${this.maxTokens} tokens. Your text is kept as it is.`,
      );
    }
    const tokens = tokenizer.spans(text, ids);
    const t1 = performance.now();
    const inputIds = [...this.prefix, ...ids];
    const outputs = await session.run(this.feeds(inputIds));
    const logits = outputs[card.output.name] as ort.Tensor | undefined;
    if (!logits)
      fail(
        'card-invalid',
        `The model has no output "${card.output.name}" (it has ${session.outputNames.join(', ')}).`,
        'Fix output.name in workbench.json.',
      );
    const data = (await logits.getData()) as Float32Array;
    const width = Number(logits.dims[2] ?? 1);
    const t2 = performance.now();
    const values =
      this.meaning === 'token-scalar' ? ids.map((_, t) => data[t * width]) : tokenLogProbs(data, width, inputIds, this.prefix.length);
    return {
      modelId,
      backend,
      text,
      tokens,
      values,
      meaning: this.meaning,
      timingMs: { tokenize: t1 - t0, run: t2 - t1, total: performance.now() - t0 },
    };
  }
}
