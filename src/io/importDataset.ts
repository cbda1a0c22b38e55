/**
 * Reads a dataset file of any known format from a stream of text chunks: the format is detected from the first
 * records unless the user chose one; every record that cannot be read is reported with its line and the rest is
 * kept. The page passes a yield so a 100 MB file never blocks it for long.
 */
import { FORMATS, type Dataset, type DatasetFormat, type DatasetItem, type ImportProblem } from '../domain/dataset';
import { detectFormat, readRecord } from './importers';
import { jsonRecords, textChunks, type RawRecord } from './jsonRecords';

const DETECT_FROM = 20;

export interface ImportOptions {
  /** A format chosen by the user; detected when absent. */
  format?: DatasetFormat;
  /** Called every few thousand records with the count so far; awaiting it lets the page breathe. */
  progress?: (records: number) => Promise<void> | void;
}

export async function importDataset(name: string, chunks: AsyncIterable<string>, options: ImportOptions = {}): Promise<Dataset> {
  const items: DatasetItem[] = [];
  const problems: ImportProblem[] = [];
  let format: DatasetFormat | null = options.format ?? null;
  const held: RawRecord[] = [];
  let count = 0;
  const take = (r: RawRecord, fmt: DatasetFormat) => {
    if ('error' in r) return problems.push({ line: r.line, message: r.error });
    try {
      items.push(readRecord(fmt, r.value, `${name}-${r.line}`));
    } catch (e) {
      problems.push({ line: r.line, message: e instanceof Error ? e.message : String(e) });
    }
  };
  for await (const r of jsonRecords(chunks)) {
    if (++count % 2000 === 0) await options.progress?.(count);
    if (format) {
      take(r, format);
      continue;
    }
    held.push(r);
    if (held.length >= DETECT_FROM) format = detectFormat(held.flatMap((h) => ('value' in h ? [h.value] : [])));
    if (format) held.splice(0).forEach((h) => take(h, format as DatasetFormat));
  }
  format ??= detectFormat(held.flatMap((h) => ('value' in h ? [h.value] : [])));
  if (!format)
    throw new Error(
      `${name}: the format is not one CreditLens knows (${FORMATS.join(', ')}). Choose the format by hand if the file is one of them; otherwise convert it to CreditLens JSONL ({"problem", "response"} per line).`,
    );
  held.forEach((h) => take(h, format as DatasetFormat));
  return { name, format, items, problems };
}

export const importText = (name: string, text: string, options?: ImportOptions) => importDataset(name, textChunks(text), options);
