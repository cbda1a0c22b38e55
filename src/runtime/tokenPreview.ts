/**
 * The exact input a model would read for a trace, token by token, before it is loaded: the form of a folder without
 * workbench.json shows it, so a wrong template is seen before it costs a score.
 */
import { readsLogprobs, type WorkbenchCard } from '../model/modelCard';
import type { Trace } from '../domain/trace';
import { encodeTrace } from './scoring';
import { tokenizerFromJson } from './tokenizer';

export interface TokenPreview {
  /** The first tokens: id and the text it stands for (special tokens as they are written). */
  tokens: { id: number; text: string }[];
  /** How many tokens the whole input has. */
  total: number;
}

export const PREVIEW_TOKENS = 300;

export function tokenPreview(label: string, tokenizerJson: unknown, configJson: unknown, card: WorkbenchCard, trace: Trace): TokenPreview {
  const tok = tokenizerFromJson(label, tokenizerJson, configJson);
  const { ids } = encodeTrace(card, tok, trace, readsLogprobs(card.output.meaning), { spans: false });
  return { tokens: ids.slice(0, PREVIEW_TOKENS).map((id) => ({ id, text: tok.tokenString(id) })), total: ids.length };
}
