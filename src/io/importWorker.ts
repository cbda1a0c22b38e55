/**
 * The dataset import worker: reads a file, parses and detects its format off the main thread, and hands the items
 * back in slices, so neither parsing nor one huge message ever holds the page.
 */
import type { DatasetFormat } from '../domain/dataset';
import { importDataset } from './importDataset';
import type { ImportReply, ImportRequest } from './importProtocol';

// The DOM typings describe a window; this is the slice of a dedicated worker's global scope we use.
const scope = self as unknown as {
  postMessage(message: ImportReply): void;
  onmessage: ((event: MessageEvent<ImportRequest>) => void) | null;
};

/** Items per message: small enough that the page reads each slice in a few milliseconds. */
const SLICE = 1000;

async function* fileChunks(file: Blob): AsyncGenerator<string> {
  const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

scope.onmessage = async ({ data }) => {
  try {
    const dataset = await importDataset(data.name, fileChunks(data.file), {
      format: data.format as DatasetFormat | undefined,
      progress: (records) => scope.postMessage({ type: 'progress', records }),
    });
    for (let i = 0; i < dataset.items.length; i += SLICE) scope.postMessage({ type: 'items', items: dataset.items.slice(i, i + SLICE) });
    scope.postMessage({ type: 'done', format: dataset.format, problems: dataset.problems, problemCount: dataset.problemCount });
  } catch (e) {
    scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};
