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
  /** The last tokens when the input is longer than both lists together (where a verifier's verdict lines sit). */
  tail: { id: number; text: string }[];
  /** How many tokens the whole input has. */
  total: number;
}

export const PREVIEW_TOKENS = 240;
export const PREVIEW_TAIL = 60;

export function tokenPreview(label: string, tokenizerJson: unknown, configJson: unknown, card: WorkbenchCard, trace: Trace): TokenPreview {
  const tok = tokenizerFromJson(label, tokenizerJson, configJson);
  const { ids } = encodeTrace(card, tok, trace, readsLogprobs(card.output.meaning), { spans: false });
  const shown = (part: number[]) => part.map((id) => ({ id, text: tok.tokenString(id) }));
  const long = ids.length > PREVIEW_TOKENS + PREVIEW_TAIL;
  return {
    tokens: shown(ids.slice(0, long ? PREVIEW_TOKENS : ids.length)),
    tail: long ? shown(ids.slice(-PREVIEW_TAIL)) : [],
    total: ids.length,
  };
}
