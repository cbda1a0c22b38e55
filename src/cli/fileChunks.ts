/** A file's text in 1 MB chunks, for the importers' streaming readers (io/importDataset.ts). */
import { createReadStream } from 'node:fs';

export async function* fileChunks(path: string): AsyncGenerator<string> {
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) yield chunk as string;
}
