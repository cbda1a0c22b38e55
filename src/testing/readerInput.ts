/**
 * A small model output for the reader tests: the response "ab\ncd" as one token per character in two steps, at
 * positions 1–5 after a BOS, with a tag after each step at positions 6 and 7 when asked.
 */
import { splitLines } from '../domain/steps';
import { characterTokens } from '../domain/tokenSpan';
import type { Trace } from '../domain/trace';
import type { ReaderInput } from '../methods/readers/reader';

export const RESPONSE = 'ab\ncd';

/** `logprob(p)` is −p/10 and `entropy(p)` is p/100; `value(p, k)` is p + k/10 over `width` values. */
export function readerInput(options: { tags?: number[]; width?: number; params?: Record<string, number> } = {}): ReaderInput {
  const tokens = characterTokens(RESPONSE);
  const positions = tokens.map((_, i) => i + 1);
  const trace: Trace = { id: 't', source: 'test', problem: 'p', response: RESPONSE, steps: splitLines(RESPONSE), meta: {} };
  return {
    trace,
    encoded: { tokens, positions, tags: options.tags ?? [], scored: [...positions, 6] },
    output: { logprob: (p) => -p / 10, entropy: (p) => p / 100, value: (p, k = 0) => p + k / 10, width: options.width ?? 1 },
    params: options.params ?? {},
    modelName: 'test model',
  };
}
