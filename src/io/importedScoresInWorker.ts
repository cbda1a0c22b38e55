/** The page's side of reading a scores file: one worker per file, ended when it answers. */
import type { DatasetScores, ImportedScores } from './importedScores';
import { askOnce } from './oneShotWorker';

/**
 * The tokenizer that reads a dump's token ids (prime-rl's export): a shipped model folder's files by URL, or a
 * tokenizer.json the user picked. The worker reads it only when the file holds token ids.
 */
export type TokenizerSource = { label: string; tokenizerUrl: string; configUrl?: string } | { label: string; file: Blob };

export interface ScoresRequest {
  file: Blob;
  tokenizer?: TokenizerSource;
  /** Read as scores for a dataset's traces, by id (parseDatasetScores). */
  forDataset?: true;
}

export const readScoresInWorker = (file: Blob, name: string, tokenizer?: TokenizerSource): Promise<ImportedScores> =>
  askOnce(
    new Worker(new URL('./importedScoresWorker.ts', import.meta.url), { type: 'module', name: 'creditlens-scores' }),
    { file, tokenizer } satisfies ScoresRequest,
    (reason) => `reading ${name} stopped: the worker crashed (${reason}); the file may be too large for this browser's memory`,
  );

/** Reads a scores file for the traces of a dataset (by id, steps and scores only) off the main thread. */
export const readDatasetScoresInWorker = (file: Blob, name: string): Promise<DatasetScores> =>
  askOnce(
    new Worker(new URL('./importedScoresWorker.ts', import.meta.url), { type: 'module', name: 'creditlens-scores' }),
    { file, forDataset: true } satisfies ScoresRequest,
    (reason) => `reading ${name} stopped: the worker crashed (${reason}); the file may be too large for this browser's memory`,
  );
