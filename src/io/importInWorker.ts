/** The page's side of a dataset import: one worker per file, ended when the file is read or another one replaces it. */
import type { Dataset, DatasetFormat, DatasetItem } from '../domain/dataset';
import type { ImportReply, ImportRequest } from './importProtocol';

let current: { worker: Worker; reject: (e: Error) => void } | null = null;

/** Raised when a newer import replaced this one; the caller drops it without a message. */
export class ImportReplaced extends Error {}

export function importInWorker(
  file: Blob,
  name: string,
  format: DatasetFormat | undefined,
  progress: (records: number) => void,
): Promise<Dataset> {
  if (current) {
    current.worker.terminate();
    current.reject(new ImportReplaced(`${name} replaced the file being imported`));
  }
  const worker = new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module', name: 'creditlens-import' });
  return new Promise<Dataset>((resolve, reject) => {
    const mine = { worker, reject };
    current = mine;
    const end = () => {
      worker.terminate();
      if (current === mine) current = null;
    };
    const items: DatasetItem[] = [];
    worker.onmessage = ({ data }: MessageEvent<ImportReply>) => {
      if (data.type === 'progress') progress(data.records);
      else if (data.type === 'items') for (const item of data.items) items.push(item);
      else if (data.type === 'error') {
        end();
        reject(new Error(data.message));
      } else {
        end();
        resolve({ name, format: data.format, items, problems: data.problems, problemCount: data.problemCount });
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      end();
      reject(
        new Error(
          `Reading ${name} stopped: the import worker crashed (${e.message || 'no reason given'}). The file may be too large for this browser's memory; try a smaller part of it. The dataset you had is kept.`,
        ),
      );
    };
    const request: ImportRequest = { file, name, format };
    worker.postMessage(request);
  });
}
