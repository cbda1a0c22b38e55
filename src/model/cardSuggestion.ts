/**
 * What a model folder's own files say about how to read it, for the form a folder without workbench.json opens:
 * the output meaning from the architecture and the chosen method, and the prompt and response templates from
 * tokenizer_config.json (its chat template's family and its end-of-text token).
 */
import type { ModelMethod, ModelRole, OutputMeaning } from './modelCard';

interface HfConfig {
  architectures?: unknown;
}

interface HfTokenizerConfig {
  chat_template?: unknown;
  eos_token?: unknown;
}

const tokenText = (t: unknown): string | null =>
  typeof t === 'string'
    ? t
    : typeof t === 'object' && t !== null && typeof (t as { content?: unknown }).content === 'string'
      ? (t as { content: string }).content
      : null;

/** The class names config.json's `architectures` lists (e.g. `Qwen2ForTokenClassification`). */
export const architectureNames = (config: { architectures?: unknown }): string[] =>
  Array.isArray(config.architectures) ? config.architectures.filter((a): a is string => typeof a === 'string') : [];

/** Whether the folder holds a language-model head (log-probs are read from it) or a scalar / classification head. */
export function headKind(config: HfConfig): 'lm' | 'scalar' | 'unknown' {
  const names = architectureNames(config);
  if (names.some((a) => /ForCausalLM$|LMHeadModel$/.test(a))) return 'lm';
  if (names.some((a) => /ForTokenClassification$|ForSequenceClassification$|ForProcessRewardModel$|RewardModel$/.test(a))) return 'scalar';
  return 'unknown';
}

/** The output meaning a method implies on this head (see docs/readouts.md for the LM-head read-outs). */
export function suggestMeaning(head: 'lm' | 'scalar' | 'unknown', role: ModelRole, method: ModelMethod | null): OutputMeaning {
  if (role === 'policy' || role === 'reference' || role === 'critic' || method === null || method === 'capo-critic') return 'vocab-logits';
  if (head === 'lm') {
    if (method === 'qrm' || method === 'implicit-prm') return 'lm-token-logprob';
    if (method === 'orm') return 'lm-softmin-outcome';
    return 'lm-prefix-softmin';
  }
  if (method === 'pqm') return 'step-tag-scalar';
  if (method === 'cls-prm') return 'two-class-logits';
  return 'token-scalar';
}

/**
 * Prompt and response templates: a chat template's family (ChatML as in Qwen, or Llama 3's headers) gives its turn
 * markers; a base model gets the problem on its own line. A reward model's response ends with the end-of-text token
 * (the methods read their outcome there); a policy's does not.
 */
export function suggestTemplates(tokenizerConfig: HfTokenizerConfig, role: ModelRole): { prompt: string; response: string } {
  const chat = typeof tokenizerConfig.chat_template === 'string' ? tokenizerConfig.chat_template : '';
  const eos = tokenText(tokenizerConfig.eos_token);
  const reward = role === 'reward';
  if (chat.includes('<|im_start|>'))
    return {
      prompt: '<|im_start|>user\n{problem}<|im_end|>\n<|im_start|>assistant\n',
      response: reward ? '{response}<|im_end|>' : '{response}',
    };
  if (chat.includes('<|start_header_id|>'))
    return {
      prompt: '<|start_header_id|>user<|end_header_id|>\n\n{problem}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
      response: reward ? '{response}<|eot_id|>' : '{response}',
    };
  return { prompt: '{problem}\n', response: reward && eos ? `{response}${eos}` : '{response}' };
}
