/** Reads a scores JSONL file off the main thread (io/importedScores.ts), so a large file never holds the page. */
import { parseImportedScores } from './importedScores';
import { serveOnce } from './oneShotWorker';

serveOnce(async (file: Blob) => ({ result: parseImportedScores(await file.text()) }));
