/**
 * A prime-rl token export record as its TokenExporter writes one, for the importer's tests: the prompt
 * "<|im_start|>user\nTom has 12 shells. They lose 9. How many now?<|im_end|>\n<|im_start|>assistant\n" and the
 * response "12 - 9 = 3 😀\nAnswer: 3<|im_end|>" as Qwen2.5's ids, with each column's values given per response token.
 */
export const PRIME_PROMPT = [
  151644, 872, 198, 24732, 702, 220, 16, 17, 42954, 13, 2379, 9052, 220, 24, 13, 2585, 1657, 1431, 30, 151645, 198, 151644, 77091, 198,
];
export const PRIME_RESPONSE = [16, 17, 481, 220, 24, 284, 220, 18, 90316, 198, 16141, 25, 220, 18, 151645];
export const PRIME_RESPONSE_TEXT = '12 - 9 = 3 😀\nAnswer: 3';

const ids = [...PRIME_PROMPT, ...PRIME_RESPONSE];
/** A column: 0 on the prompt, `f(k)` on the response's k-th token. */
const column = (f: (k: number) => number) => ids.map((_, i) => (i < PRIME_PROMPT.length ? 0 : f(i - PRIME_PROMPT.length)));
const empty = () => ids.map(() => null);

export function primeRlRecord(step: number, columns: { advantage: number; entropy: (k: number) => number; masked?: number }) {
  return {
    schema_version: 1,
    step,
    rank: 0,
    micro_step: 0,
    micro_sequence_idx: 0,
    export_sequence_idx: 0,
    env_name: 'gsm8k',
    token_ids: ids,
    position_ids: ids.map((_, i) => i),
    loss_mask: ids.map((_, i) => i >= PRIME_PROMPT.length),
    advantages: column(() => columns.advantage),
    inference_logprobs: column((k) => -0.05 * (k + 1)),
    trainer_logprobs: column((k) => -0.05 * (k + 1) - 0.01 * step),
    entropy: column(columns.entropy),
    mismatch_kl: column((k) => 0.001 * k),
    log_importance_ratio: empty(),
    importance_ratio: empty(),
    prob_delta: empty(),
    is_masked: columns.masked === undefined ? empty() : ids.map((_, i) => i === PRIME_PROMPT.length + (columns.masked ?? 0)),
    is_masked_high: empty(),
    is_masked_low: empty(),
    rl_weights: empty(),
    ce_weights: empty(),
    ref_kl_weights: empty(),
  };
}
