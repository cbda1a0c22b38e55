/**
 * A tokenizer as rollout readers use it: token ids back into text, and each id's place in that text (io/rollouts.ts
 * `IdDecoder`). Only workers and the CLI import this file: the page's main thread never loads a tokenizer.
 */
import { tokenizerFromJson } from '../runtime/tokenizer';
import type { IdDecoder } from './rollouts';

/** The decoder of a Hugging Face tokenizer.json (and its tokenizer_config.json, when there is one). */
export function idDecoder(label: string, tokenizerJson: unknown, configJson: unknown = {}): IdDecoder {
  const tok = tokenizerFromJson(label, tokenizerJson, configJson);
  return { label, decode: (ids) => tok.decode(ids), spans: (text, ids) => tok.spans(text, ids) };
}
