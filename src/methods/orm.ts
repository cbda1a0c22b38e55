/** ORM: one outcome score per response, read at the last response token (EOS). */
import { need, type MethodSpec } from './method';
import { requireFinite, requireNonEmpty } from './errors';
import { logSigmoid } from './numeric';

/** The outcome score: the head output at the last response token, EOS (methods.md §5.1). */
export function ormScore(z: readonly number[]): number {
  requireNonEmpty(z, 'scores');
  requireFinite(z, 'scores');
  return z[z.length - 1];
}

/** Bradley–Terry pair loss L = −log σ(r_w − r_l) (methods.md §5.1, §2.11). */
export function ormPairLoss(rw: number, rl: number): number {
  requireFinite([rw, rl], 'ORM scores');
  return -logSigmoid(rw - rl);
}

/** Pointwise BCE on σ(r) against a 0/1 outcome label (methods.md §5.1). */
export function ormPointwiseLoss(r: number, correct: boolean): number {
  requireFinite([r], 'ORM score');
  return correct ? -logSigmoid(r) : -logSigmoid(-r);
}

/** Token credit under an ORM: the same score on every token (REINFORCE/GRPO) or only on the last one (PPO) (methods.md §5.1). */
export function ormTokenCredit(r: number, length: number, how: 'broadcast' | 'last-only' = 'broadcast'): number[] {
  requireFinite([r], 'ORM score');
  return Array.from({ length }, (_, t) => (how === 'broadcast' || t === length - 1 ? r : 0));
}

export const ORM_METHOD: MethodSpec = {
  name: 'ORM',
  label: 'outcome score (the last token’s, on every token)',
  credit: 'signed',
  tokenLevel: false,
  stepScores: null,
  stepThreshold: null,
  onCard: true,
  reads: ['token-scalar', 'lm-softmin-outcome'],
  settings: [],
  score: (read, { tokens }) => {
    const r = read.outcome ?? ormScore(need(read.scored, 'outcome values'));
    return { tokenScores: ormTokenCredit(r, tokens.length), stepScores: null, traceScore: r, raw: read.raw };
  },
};
