/** The page's side of reading a scores file: one worker per file, ended when it answers. */
import type { ImportedScores } from './importedScores';
import type { ScoresReply } from './importedScoresWorker';

export function readScoresInWorker(file: Blob, name: string): Promise<ImportedScores> {
  const worker = new Worker(new URL('./importedScoresWorker.ts', import.meta.url), { type: 'module', name: 'creditlens-scores' });
  return new Promise<ImportedScores>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<ScoresReply>) => {
      worker.terminate();
      if (data.type === 'done') resolve(data.scores);
      else reject(new Error(data.message));
    };
    worker.onerror = (e) => {
      e.preventDefault();
      worker.terminate();
      reject(
        new Error(
          `reading ${name} stopped: the worker crashed (${e.message || 'no reason given'}); the file may be too large for this browser's memory`,
        ),
      );
    };
    worker.postMessage({ file });
  });
}
