import type { ModelConfig } from './config';

/** Special tokens of the character-level tokenizer, in id order. GPT-2 uses one token for BOS, EOS and padding. */
export const EOS_TOKEN = '<|endoftext|>';
export const UNK_TOKEN = '<unk>';

/** The characters a shipped model can read: newline, tab, printable ASCII and a few math symbols. */
export const DEFAULT_CHARSET: string[] = [
  '\n',
  '\t',
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
  ...'×÷−–—·…’“”≤≥≠',
];

export interface CharVocab {
  tokens: string[];
  /** Ids of the special tokens: EOS and UNK first, then added tags such as PQM's `[PRM]` at the end of the vocabulary. */
  specialIds: number[];
}

/** EOS, UNK, the characters, then `added` (appended, so a model can grow a tag without moving any other row). */
export function charVocab(chars: string[] = DEFAULT_CHARSET, added: string[] = []): CharVocab {
  const tokens = [EOS_TOKEN, UNK_TOKEN];
  const seen = new Set<string>(tokens);
  for (const c of chars) {
    if ([...c].length !== 1) throw new Error(`"${c}" is not a single character`);
    if (!seen.has(c)) {
      seen.add(c);
      tokens.push(c);
    }
  }
  const specialIds = [0, 1];
  for (const tag of added) {
    if (seen.has(tag)) throw new Error(`"${tag}" is already in the vocabulary`);
    seen.add(tag);
    specialIds.push(tokens.push(tag) - 1);
  }
  return { tokens, specialIds };
}

/**
 * A character-level tokenizer in the Hugging Face `tokenizers` format: a pre-tokenizer that isolates every code
 * point, a BPE model with no merges, and a Fuse decoder, so decoding is exact concatenation.
 */
export function tokenizerJson(vocab: CharVocab): object {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: vocab.specialIds.map((id) => ({
      id,
      content: vocab.tokens[id],
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'Split', pattern: { Regex: '[\\s\\S]' }, behavior: 'Isolated', invert: false },
    post_processor: null,
    decoder: { type: 'Fuse' },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: UNK_TOKEN,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab: Object.fromEntries(vocab.tokens.map((t, i) => [t, i])),
      merges: [],
    },
  };
}

export function tokenizerConfigJson(cfg: ModelConfig): object {
  return {
    tokenizer_class: 'PreTrainedTokenizerFast',
    bos_token: EOS_TOKEN,
    eos_token: EOS_TOKEN,
    pad_token: EOS_TOKEN,
    unk_token: UNK_TOKEN,
    model_max_length: cfg.nPositions,
    clean_up_tokenization_spaces: false,
    add_prefix_space: false,
  };
}

/** config.json in the Hugging Face GPT-2 format. */
export function hfConfigJson(cfg: ModelConfig): object {
  const common = {
    model_type: 'gpt2',
    n_layer: cfg.nLayer,
    n_head: cfg.nHead,
    n_embd: cfg.nEmbd,
    n_positions: cfg.nPositions,
    n_ctx: cfg.nPositions,
    vocab_size: cfg.vocabSize,
    layer_norm_epsilon: cfg.layerNormEps,
    activation_function: 'gelu_new',
    bos_token_id: 0,
    eos_token_id: 0,
    pad_token_id: 0,
    resid_pdrop: 0,
    embd_pdrop: 0,
    attn_pdrop: 0,
    tie_word_embeddings: true,
  };
  return cfg.head === 'lm'
    ? { architectures: ['GPT2LMHeadModel'], ...common, use_cache: true }
    : {
        architectures: ['GPT2ForTokenClassification'],
        ...common,
        num_labels: 1,
        id2label: { 0: 'score' },
        label2id: { score: 0 },
        use_cache: false,
      };
}

function intField(json: Record<string, unknown>, key: string): number {
  const v = json[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new Error(`config.json: "${key}" must be a positive integer`);
  return v;
}

/** Reads a GPT-2 config.json back into a ModelConfig. Throws a readable message on anything it cannot use. */
export function parseHfConfig(json: unknown): ModelConfig {
  if (typeof json !== 'object' || json === null) throw new Error('config.json is not a JSON object');
  const j = json as Record<string, unknown>;
  const archs = Array.isArray(j.architectures) ? (j.architectures as unknown[]) : [];
  const head = archs.includes('GPT2ForTokenClassification') ? 'token-scalar' : 'lm';
  const eps = typeof j.layer_norm_epsilon === 'number' ? j.layer_norm_epsilon : 1e-5;
  return {
    nLayer: intField(j, 'n_layer'),
    nHead: intField(j, 'n_head'),
    nEmbd: intField(j, 'n_embd'),
    vocabSize: intField(j, 'vocab_size'),
    nPositions: intField(j, 'n_positions'),
    head,
    layerNormEps: eps,
  };
}
