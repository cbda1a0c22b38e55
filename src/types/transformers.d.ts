// The small part of @xenova/transformers 2.17.2 that CreditLens uses. We import its source modules directly (not the
// package root) so the bundle gets its tokenizers and no second onnxruntime.
declare module '@xenova/transformers/src/tokenizers.js' {
  export class PreTrainedTokenizer {
    constructor(tokenizerJson: object, tokenizerConfig: object);
    /** 2.17.2 takes an optional text pair second; options come third. */
    encode(text: string, textPair: string | null, options?: { add_special_tokens?: boolean }): number[];
    decode(ids: number[], options?: { skip_special_tokens?: boolean; clean_up_tokenization_spaces?: boolean }): string;
    getToken(...keys: string[]): string | null;
    /** 2.17.2 renders tokenizer_config.json's Jinja chat template (with @huggingface/jinja). */
    apply_chat_template(
      conversation: { role: string; content: string }[],
      options: { tokenize: false; add_generation_prompt?: boolean },
    ): string;
    all_special_ids: number[];
    model: { vocab: string[]; tokens_to_ids: Map<string, number> };
  }
  export const AutoTokenizer: {
    from_pretrained(modelId: string, options?: { local_files_only?: boolean }): Promise<PreTrainedTokenizer>;
    /** Tokenizer classes by `tokenizer_class` (without the "Fast" suffix). */
    TOKENIZER_CLASS_MAPPING: Record<string, typeof PreTrainedTokenizer>;
  };
}

declare module '@xenova/transformers/src/env.js' {
  export const env: {
    allowRemoteModels: boolean;
    allowLocalModels: boolean;
    useBrowserCache: boolean;
    useFS: boolean;
    localModelPath: string;
  };
}
