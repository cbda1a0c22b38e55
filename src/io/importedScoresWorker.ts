/** Reads a scores JSONL file off the main thread (io/importedScores.ts), so a large file never holds the page. */
import { errorText } from '../domain/errors';
import { idDecoder } from './idDecoder';
import {
  needsDecoder,
  parseDatasetScores,
  parseImportedScores,
  parseScoresRecords,
  type DatasetScores,
  type ImportedScores,
} from './importedScores';
import { isParquet, parquetRecords } from './parquetRows';
import type { ScoresRequest, TokenizerSource } from './importedScoresInWorker';
import { serveOnce } from './oneShotWorker';

async function json(what: string, read: () => Promise<string>): Promise<unknown> {
  let text: string;
  try {
    text = await read();
  } catch (e) {
    throw new Error(`${what} could not be read (${errorText(e)})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not JSON`);
  }
}

const fetched = async (url: string) => {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return r.text();
};

/** The tokenizer the user named, read only when the file holds token ids. */
async function decoderOf(source: TokenizerSource) {
  const what = `The tokenizer ${source.label}`;
  if ('file' in source) return idDecoder(source.label, await json(what, () => source.file.text()));
  const config = source.configUrl ? await json(`${what}'s tokenizer_config.json`, () => fetched(source.configUrl ?? '')) : {};
  return idDecoder(source.label, await json(what, () => fetched(source.tokenizerUrl)), config);
}

serveOnce<ScoresRequest, ImportedScores | DatasetScores>(async ({ file, tokenizer, forDataset }) => {
  // TRL logs its completions as Parquet tables: their rows are read as the lines of a JSONL file would be.
  if (!forDataset && isParquet(new Uint8Array(await file.slice(0, 4).arrayBuffer())))
    return { result: parseScoresRecords(await parquetRecords(await file.arrayBuffer())) };
  const text = await file.text();
  if (forDataset) return { result: parseDatasetScores(text) };
  const decoder = needsDecoder(text) && tokenizer ? await decoderOf(tokenizer) : undefined;
  return { result: parseImportedScores(text, { decoder }) };
});
