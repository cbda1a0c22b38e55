/** Log-probabilities of tokens under an LM head, and the plain LM as a method (methods.md §1.3). */
import { need, type MethodSpec } from './method';

/** log softmax(row)[index] over row = data[offset .. offset+width), computed stably in float64 (methods.md §1.3). */
export function logSoftmaxAt(data: ArrayLike<number>, offset: number, width: number, index: number): number {
  let max = -Infinity;
  for (let i = 0; i < width; i++) max = Math.max(max, data[offset + i]);
  let sum = 0;
  for (let i = 0; i < width; i++) sum += Math.exp(data[offset + i] - max);
  return data[offset + index] - max - Math.log(sum);
}

/**
 * Generative convention (methods.md §1.1): the log-prob of token t is read from the logits row of the position
 * before it. `logits` holds one row of `width` per input position; `inputIds` is the scored token sequence;
 * `firstScored` is the input position of the first token to score (1 when a BOS token was prepended). Tokens with
 * no preceding row get null.
 */
export function tokenLogProbs(
  logits: ArrayLike<number>,
  width: number,
  inputIds: readonly number[],
  firstScored: number,
): (number | null)[] {
  const out: (number | null)[] = [];
  for (let pos = firstScored; pos < inputIds.length; pos++) {
    out.push(pos === 0 ? null : logSoftmaxAt(logits, (pos - 1) * width, width, inputIds[pos]));
  }
  return out;
}

/** A plain LM read as per-token log-probabilities: its credit is log π of each token, its score their sum. */
export const LOGPROB_METHOD: MethodSpec = {
  name: 'log-prob',
  label: 'log-probability of the token',
  credit: 'log-probability',
  tokenLevel: true,
  stepScores: null,
  stepThreshold: null,
  onCard: false,
  reads: ['vocab-logits'],
  settings: [],
  score: (read) => {
    const lp = need(read.token, 'token log-probabilities');
    return { tokenScores: lp, stepScores: null, traceScore: lp.reduce((a, b) => a + b, 0), raw: read.raw };
  },
};
