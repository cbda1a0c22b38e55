/**
 * Reads a dataset file of any known format from a stream of text chunks. Unless the user chose a format, it is
 * detected from the first records only: a file whose first records match no format is refused at once, whatever its
 * size. Every record that cannot be read is reported with its line and the rest is kept. In the page this runs in a
 * Worker (`importWorker.ts`); the CLI and the tests call it directly.
 */
import { FORMATS, type Dataset, type DatasetFormat, type DatasetItem, type ImportProblem } from '../domain/dataset';
import { detectFormat, readRecord } from './importers';
import { jsonRecords, textChunks, type RawRecord } from './jsonRecords';

/** How many records the format is detected from. */
export const DETECT_FROM = 20;
/** How many problems are kept with their reasons; the rest are only counted. */
export const KEEP_PROBLEMS = 1000;

export interface ImportOptions {
  /** A format chosen by the user; detected when absent. */
  format?: DatasetFormat;
  /** Called every few thousand records with the count so far. */
  progress?: (records: number) => Promise<void> | void;
}

/** Text that holds NUL bytes, or many bytes that are not UTF-8, is a binary file, not JSON. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 4096);
  if (head.includes('\u0000')) return true;
  let notText = 0;
  for (const c of head) if (c === '\uFFFD') notText++;
  return notText > head.length / 100;
}

async function* checkedChunks(name: string, chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let first = true;
  for await (const chunk of chunks) {
    if (first && chunk.trim()) {
      if (looksBinary(chunk))
        throw new Error(
          `${name} is not a text file (it holds bytes that are not UTF-8 text). CreditLens reads JSON and JSON lines; export the dataset as one of those.`,
        );
      first = false;
    }
    yield chunk;
  }
}

const unknownFormat = (name: string) =>
  new Error(
    `${name}: the format is not one CreditLens knows (${FORMATS.join(', ')}); it was judged from the first ${DETECT_FROM} records. Choose the format by hand if the file is one of them; otherwise convert it to CreditLens JSONL ({"problem", "response"} per line).`,
  );

export async function importDataset(name: string, chunks: AsyncIterable<string>, options: ImportOptions = {}): Promise<Dataset> {
  const items: DatasetItem[] = [];
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  let format: DatasetFormat | null = options.format ?? null;
  const held: RawRecord[] = [];
  let count = 0;
  const problem = (line: number, message: string) => {
    if (problemCount++ < KEEP_PROBLEMS) problems.push({ line, message });
  };
  const take = (r: RawRecord, fmt: DatasetFormat) => {
    if ('error' in r) return problem(r.line, r.error);
    try {
      items.push(readRecord(fmt, r.value, `${name}-${r.line}`));
    } catch (e) {
      problem(r.line, e instanceof Error ? e.message : String(e));
    }
  };
  const detect = () => detectFormat(held.flatMap((h) => ('value' in h ? [h.value] : [])));
  for await (const r of jsonRecords(checkedChunks(name, chunks))) {
    if (++count % 2000 === 0) await options.progress?.(count);
    if (format) {
      take(r, format);
      continue;
    }
    held.push(r);
    if (held.length < DETECT_FROM) continue;
    format = detect();
    if (!format) throw unknownFormat(name);
    held.splice(0).forEach((h) => take(h, format as DatasetFormat));
  }
  if (!count) throw new Error(`${name} is empty: it holds no JSON records. Choose a file with one record per line, or a JSON array.`);
  format ??= detect();
  if (!format) throw unknownFormat(name);
  held.forEach((h) => take(h, format as DatasetFormat));
  return { name, format, items, problems, problemCount };
}

export const importText = (name: string, text: string, options?: ImportOptions) => importDataset(name, textChunks(text), options);
