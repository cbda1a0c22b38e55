/**
 * What the runtime needs to know of any decoder it runs, read from config.json (design.md §3): its family, the
 * context, the vocabulary and the KV cache's shape. GPT-2 (`model_type` gpt2 or absent) and the Qwen2 / Llama family
 * (`qwen2`, `llama`) are read.
 */
import { headDim, type ModelConfig } from './config';
import { parseDecoderConfig, headSize } from './decoder/config';
import { parseHfConfig } from './hfFiles';

export interface Architecture {
  family: 'gpt2' | 'qwen2' | 'llama';
  /** The longest input, in tokens. */
  context: number;
  vocabSize: number;
  layers: number;
  /** Heads in the KV cache (key/value heads; fewer than the query heads under grouped-query attention). */
  kvHeads: number;
  headDim: number;
}

export function readArchitecture(json: unknown): Architecture {
  const type = (json as { model_type?: unknown } | null)?.model_type;
  if (type === 'qwen2' || type === 'llama') {
    const c = parseDecoderConfig(json);
    return {
      family: c.family,
      context: c.maxPositions,
      vocabSize: c.vocabSize,
      layers: c.numLayers,
      kvHeads: c.numKvHeads,
      headDim: headSize(c),
    };
  }
  if (type !== undefined && type !== 'gpt2')
    throw new Error(`model_type "${String(type)}" is not one CreditLens runs (gpt2, qwen2, llama)`);
  return gpt2Architecture(parseHfConfig(json));
}

export const gpt2Architecture = (c: ModelConfig): Architecture => ({
  family: 'gpt2',
  context: c.nPositions,
  vocabSize: c.vocabSize,
  layers: c.nLayer,
  kvHeads: c.nHead,
  headDim: headDim(c),
});
