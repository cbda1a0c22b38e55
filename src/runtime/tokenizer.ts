/** A Hugging Face tokenizer (transformers.js, tokenizer API only) built from the folder's JSON files; nothing is fetched. */
import { env as transformersEnv } from '@xenova/transformers/src/env.js';
import { AutoTokenizer, PreTrainedTokenizer } from '@xenova/transformers/src/tokenizers.js';
import { byteLevelBytes, byteLevelOffsets, offsetsByIncrementalDecoding, type TokenSpan } from '../domain/tokenSpan';
import { errorText, fail } from '../domain/errors';

transformersEnv.allowRemoteModels = false;
transformersEnv.useBrowserCache = false;

export interface LoadedTokenizer {
  encode(text: string): number[];
  /** Character offsets of `ids` inside `text` (incremental decoding). */
  spans(text: string, ids: number[]): TokenSpan[];
  decode(ids: number[]): string;
  /** One token as text, special tokens written out (for showing a model's exact input). */
  tokenString(id: number): string;
  /** The id of a token string (a step tag such as `[PRM]`), or null when the vocabulary lacks it. */
  id(token: string): number | null;
  /** The token GPT-2 puts before a text (BOS, which is also EOS); null when the tokenizer has none. */
  bosId: number | null;
  eosId: number | null;
  /** The id text maps to when the vocabulary lacks a character; null for tokenizers that never need one. */
  unknownId: number | null;
  /** The chat template of tokenizer_config.json rendered as text; absent when the tokenizer has none. */
  chat?: (messages: { role: string; content: string }[], addGenerationPrompt: boolean) => string;
}

/** tokenizer_config.json says there is no BOS: `bos_token: null`, or `add_bos_token: false`. */
function addsNoBos(config: unknown): boolean {
  const c = (typeof config === 'object' && config !== null ? config : {}) as { bos_token?: unknown; add_bos_token?: unknown };
  return c.add_bos_token === false || ('bos_token' in c && c.bos_token === null);
}

/** Whether tokenizer.json decodes bytes (GPT-2's byte-level table), directly or inside a decoder sequence. */
function usesByteLevelDecoder(json: unknown): boolean {
  const decoder = (json as { decoder?: { type?: string; decoders?: { type?: string }[] } } | null)?.decoder;
  return decoder?.type === 'ByteLevel' || (decoder?.decoders ?? []).some((d) => d.type === 'ByteLevel');
}

export function tokenizerFromJson(label: string, tokenizerJson: unknown, configJson: unknown): LoadedTokenizer {
  let tok: PreTrainedTokenizer;
  try {
    if (typeof tokenizerJson !== 'object' || tokenizerJson === null) throw new Error('tokenizer.json is not a JSON object');
    const config = (typeof configJson === 'object' && configJson !== null ? configJson : {}) as { tokenizer_class?: string };
    const Class = AutoTokenizer.TOKENIZER_CLASS_MAPPING[config.tokenizer_class?.replace(/Fast$/, '') ?? ''] ?? PreTrainedTokenizer;
    tok = new Class(tokenizerJson, config);
  } catch (e) {
    fail(
      'tokenizer-invalid',
      `The tokenizer of ${label} could not be read: ${errorText(e)}`,
      'tokenizer.json must be in the Hugging Face tokenizers format.',
    );
  }
  const byteLevel = usesByteLevelDecoder(tokenizerJson);
  const idOf = (token: string | null) => (token ? (tok.model.tokens_to_ids.get(token) ?? null) : null);
  const special = new Set<number>(tok.all_special_ids);
  const unknownId = idOf(tok.getToken('unk_token'));
  const decode = (ids: number[]) =>
    ids.length === 0 ? '' : tok.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false });
  return {
    encode: (text) => tok.encode(text, null, { add_special_tokens: false }),
    spans: (text, ids) => {
      const how = {
        decode,
        tokenText: (id: number) => tok.model.vocab[id] ?? `<${id}>`,
        isSpecial: (id: number) => special.has(id) && id !== unknownId,
        unknownId,
      };
      // A byte-level BPE's offsets come from its bytes in one pass; decoding every prefix costs O(T²).
      const fast = byteLevel
        ? byteLevelOffsets(text, ids, { ...how, tokenBytes: (id) => byteLevelBytes(tok.model.vocab[id] ?? '') })
        : null;
      return fast ?? offsetsByIncrementalDecoding(text, ids, how);
    },
    decode,
    tokenString: (id) => tok.decode([id], { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
    id: idOf,
    // GPT-2 starts a text with its end-of-text token; a tokenizer that says it adds no BOS (Qwen) gets none.
    bosId: addsNoBos(configJson) ? null : idOf(tok.getToken('bos_token', 'eos_token')),
    eosId: idOf(tok.getToken('eos_token')),
    unknownId,
    ...((configJson as { chat_template?: unknown } | null)?.chat_template
      ? {
          chat: (messages: { role: string; content: string }[], addGenerationPrompt: boolean) =>
            tok.apply_chat_template(messages, { tokenize: false, add_generation_prompt: addGenerationPrompt }) as string,
        }
      : {}),
  };
}
