import type { OutputReader } from './reader';
import { tagRows } from './tagRows';

/** A scalar head read at each step's tag (PQM's Q at `[PRM]`, a PRM's logit). */
export const stepTagScalar: OutputReader = {
  doc: 'One number per step, read at the step tag that follows the step.',
  logprobs: false,
  read: (input) => ({ stepRows: tagRows(input), raw: {} }),
};
