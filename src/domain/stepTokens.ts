import type { TokenSpan } from './tokenSpan';
import type { Step } from './trace';

/** Half-open token index range [start, end). */
export interface TokenRange {
  start: number;
  end: number;
}

/**
 * The step each token belongs to, or −1 (methods.md §1.2, §4.5). A token belongs to the step in which it starts;
 * delimiter tokens between two steps go to the preceding step; tokens before the first step or after the last
 * (EOS) belong to none. A token merged across a delimiter (".\n\nB") therefore stays with the step it starts in.
 */
export function tokenStepIndex(steps: readonly Step[], tokens: readonly TokenSpan[]): number[] {
  let k = -1;
  return tokens.map((t) => {
    while (k + 1 < steps.length && steps[k + 1].charStart <= t.charStart) k++;
    if (k < 0) return -1;
    if (k === steps.length - 1 && t.charStart >= steps[k].charEnd) return -1;
    return k;
  });
}

/** The token range of every step (methods.md §1.2); a step with no token of its own gets an empty range where it would sit. */
export function stepTokenRanges(steps: readonly Step[], tokens: readonly TokenSpan[]): TokenRange[] {
  const owner = tokenStepIndex(steps, tokens);
  return steps.map((_, k) => {
    const start = owner.findIndex((o) => o >= k);
    const from = start < 0 ? tokens.length : start;
    let end = from;
    while (end < owner.length && owner[end] === k) end++;
    return { start: from, end };
  });
}
