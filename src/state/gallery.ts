/** Synthetic traces with a known truth: one per mistake kind, and three correct ones. The verifier labels every step. */
import type { Problem } from '../arith/problem';
import { arithExample, type TraceKind } from '../arith/traces';
import type { Trace } from '../domain/trace';

export interface GalleryItem {
  id: string;
  label: string;
  problem: Problem;
  trace: Trace;
}

const ITEMS: [TraceKind, number, string][] = [
  ['arithmetic-slip', 101, 'An arithmetic slip (3 × 2 = 4)'],
  ['correct', 102, 'A correct solution'],
  ['copied-wrong-number', 103, 'A number copied wrong from the question'],
  ['wrong-operation', 104, 'The wrong operation'],
  ['skipped-step', 105, 'A skipped step'],
  ['carried-forward', 106, 'A slip carried forward'],
  ['recovered', 107, 'A slip that is later "recovered"'],
  ['correct', 108, 'Another correct solution'],
  ['correct', 109, 'A third correct solution'],
];

export const GALLERY: GalleryItem[] = ITEMS.map(([kind, seed, label]) => {
  const { problem, trace } = arithExample(seed, kind);
  return { id: `${kind}-${seed}`, label, problem, trace };
});
