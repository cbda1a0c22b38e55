/** A dataset as CreditLens reads it (design.md §5, Datasets): traces with their truth, or chosen/rejected pairs. */
import type { Trace } from './trace';

export interface TracePair {
  id: string;
  problem: string;
  chosen: Trace;
  rejected: Trace;
}

export type DatasetItem = { kind: 'trace'; trace: Trace } | { kind: 'pair'; pair: TracePair };

export const FORMATS = ['processbench', 'prm800k', 'math-shepherd', 'trl-stepwise', 'qrm-pairs', 'wise', 'chat', 'creditlens'] as const;
export type DatasetFormat = (typeof FORMATS)[number];

/** A line (or array item) that could not be read, 1-based, with the reason. */
export interface ImportProblem {
  line: number;
  message: string;
}

export interface Dataset {
  name: string;
  format: DatasetFormat;
  items: DatasetItem[];
  /** The first lines that could not be read (at most a thousand are kept)… */
  problems: ImportProblem[];
  /** …and how many there were in all. */
  problemCount: number;
}

/**
 * The lines a reader skipped, in one clause for a status line (design.md §5, Datasets): " 2 lines skipped: line 4:
 * …; line 9: …." naming the first three; empty when none was.
 */
export function skippedWords(problems: readonly ImportProblem[]): string {
  if (!problems.length) return '';
  const named = problems
    .slice(0, 3)
    .map((p) => `line ${p.line}: ${p.message}`)
    .join('; ');
  return ` ${problems.length} ${problems.length === 1 ? 'line' : 'lines'} skipped: ${named}${problems.length > 3 ? '; …' : ''}.`;
}
