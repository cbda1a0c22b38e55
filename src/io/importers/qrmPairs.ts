/** Q-RM pairwise data: `{instruction, chosen, rejected}`, two answers to one problem, the chosen one preferred. */
import { unlabelledTrace } from '../../domain/steps';
import type { DatasetItem } from '../../domain/dataset';
import { field, idOf, isString } from './common';

export const looksLikeQrmPair = (r: Record<string, unknown>) => isString(r.chosen) && isString(r.rejected);

export function qrmPairItem(r: Record<string, unknown>, fallbackId: string): DatasetItem {
  const problem = isString(r.instruction) ? r.instruction : field(r, 'prompt', isString, 'a string (or "instruction")');
  const id = idOf(r, fallbackId);
  const chosen = field(r, 'chosen', isString, 'a string');
  const rejected = field(r, 'rejected', isString, 'a string');
  return {
    kind: 'pair',
    pair: {
      id,
      problem,
      chosen: unlabelledTrace(`${id}-chosen`, 'qrm-pairs', problem, chosen),
      rejected: unlabelledTrace(`${id}-rejected`, 'qrm-pairs', problem, rejected),
    },
  };
}
