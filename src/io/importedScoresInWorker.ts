/** The page's side of reading a scores file: one worker per file, ended when it answers. */
import type { ImportedScores } from './importedScores';
import { askOnce } from './oneShotWorker';

export const readScoresInWorker = (file: Blob, name: string): Promise<ImportedScores> =>
  askOnce(
    new Worker(new URL('./importedScoresWorker.ts', import.meta.url), { type: 'module', name: 'creditlens-scores' }),
    file,
    (reason) => `reading ${name} stopped: the worker crashed (${reason}); the file may be too large for this browser's memory`,
  );
