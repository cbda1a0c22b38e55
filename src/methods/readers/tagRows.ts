/** The head's values at each step tag, one row per step (design.md §3: PQM's `[PRM]`, Math-Shepherd's `ки`). */
import { fail } from '../../domain/errors';
import type { ReaderInput } from './reader';
import { rightFirst } from './twoClass';

/** One row of `width` values per step tag; refuses a trace whose tags and steps do not pair up (design.md §3). */
export function tagRows({ trace, encoded, output, modelName, params }: ReaderInput): number[][] {
  if (encoded.tags.length !== trace.steps.length)
    fail(
      'input-invalid',
      `${modelName} found ${encoded.tags.length} step tags for ${trace.steps.length} steps.`,
      'Write one tag after every step, or none.',
    );
  return encoded.tags.map((p) =>
    rightFirst(
      Array.from({ length: output.width }, (_, k) => output.value(p, k)),
      params,
    ),
  );
}
