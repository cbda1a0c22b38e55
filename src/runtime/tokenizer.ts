import { env as transformersEnv } from '@xenova/transformers/src/env.js';
import { AutoTokenizer, type PreTrainedTokenizer } from '@xenova/transformers/src/tokenizers.js';
import { offsetsByIncrementalDecoding, type TokenSpan } from '../domain/tokenSpan';
import { errorText, fail } from './errors';

transformersEnv.allowRemoteModels = false;
transformersEnv.allowLocalModels = true;
transformersEnv.useBrowserCache = false;

export interface LoadedTokenizer {
  encode(text: string): number[];
  spans(text: string, ids: number[]): TokenSpan[];
  /** The token GPT-2 puts before a text (BOS, which is also EOS); null when the tokenizer has none. */
  bosId: number | null;
}

/** Loads tokenizer.json and tokenizer_config.json from the app's own /models/ folder; nothing remote is tried. */
export async function loadTokenizer(modelsUrl: string, modelId: string): Promise<LoadedTokenizer> {
  transformersEnv.localModelPath = modelsUrl;
  let tok: PreTrainedTokenizer;
  try {
    tok = await AutoTokenizer.from_pretrained(modelId, { local_files_only: true });
  } catch (e) {
    const text = errorText(e);
    const which = /tokenizer_config\.json/.test(text) ? 'tokenizer_config.json' : 'tokenizer.json';
    if (/locate file|404|not found/i.test(text)) {
      fail(
        'tokenizer-missing',
        `models/${modelId}/${which} is missing.`,
        'Add the tokenizer files from the Hugging Face folder, or run `npm run make-models` for the shipped models.',
      );
    }
    fail(
      'tokenizer-invalid',
      `The tokenizer of "${modelId}" could not be read: ${text}`,
      'tokenizer.json must be in the Hugging Face tokenizers format.',
    );
  }
  const idOf = (token: string | null) => (token ? (tok.model.tokens_to_ids.get(token) ?? null) : null);
  const special = new Set<number>(tok.all_special_ids);
  const unknownId = idOf(tok.getToken('unk_token'));
  return {
    encode: (text) => tok.encode(text, null, { add_special_tokens: false }),
    spans: (text, ids) =>
      offsetsByIncrementalDecoding(text, ids, {
        decode: (prefix) => tok.decode(prefix, { skip_special_tokens: true, clean_up_tokenization_spaces: false }),
        tokenText: (id) => tok.model.vocab[id] ?? `<${id}>`,
        isSpecial: (id) => special.has(id) && id !== unknownId,
        unknownId,
      }),
    bosId: idOf(tok.getToken('bos_token', 'eos_token')),
  };
}
