import { fail } from '../../domain/errors';
import { stepTokenRanges } from '../../domain/stepTokens';
import type { OutputReader } from './reader';
import { rightFirst } from './twoClass';

/**
 * A head on every token read at the last token of each step, which is the step's separator (its newline) where it has
 * one: a value head (Skywork-PRM style, 1 value) or a token classifier (TRL PRMs, 2 logits). Needs no tag in the
 * input. A step that owns no token of its own (a BPE merge across the boundary) is read at the token before it.
 */
export const stepEndScalar: OutputReader = {
  doc: 'The head’s values at the last token of each step (a value head or a 2-label token classifier; no tag needed).',
  logprobs: false,
  read: ({ trace, encoded, output, modelName, params }) => {
    const stepRows = stepTokenRanges(trace.steps, encoded.tokens).map(({ start, end }, k) => {
      const last = end > start ? end - 1 : start - 1;
      if (last < 0) fail('input-invalid', `${modelName}: step ${k + 1} has no token to read.`, 'Check that the response is not empty.');
      const p = encoded.positions[last];
      return rightFirst(
        Array.from({ length: output.width }, (_, j) => output.value(p, j)),
        params,
      );
    });
    return { stepRows, raw: {} };
  },
};
