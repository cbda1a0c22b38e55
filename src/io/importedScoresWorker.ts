/** Reads a scores JSONL file off the main thread (io/importedScores.ts), so a large file never holds the page. */
import { parseImportedScores, type ImportedScores } from './importedScores';

export type ScoresReply = { type: 'done'; scores: ImportedScores } | { type: 'error'; message: string };

// The DOM typings describe a window; this is the slice of a dedicated worker's global scope we use.
const scope = self as unknown as {
  postMessage(message: ScoresReply): void;
  onmessage: ((event: MessageEvent<{ file: Blob }>) => void) | null;
};

scope.onmessage = async ({ data }) => {
  try {
    scope.postMessage({ type: 'done', scores: parseImportedScores(await data.file.text()) });
  } catch (e) {
    scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
