/**
 * A Lab run's checkpoint, read and written by its worker in the page's IndexedDB (domain/storage.ts). The page creates
 * the database at start; a worker that finds no `lab` store (private windows, a blocked database) just does not save.
 */
import { DB_NAME, LAB_STORE, labCheckpointKey } from '../domain/storage';
import type { RlCheckpoint } from '../learn/rlRun';

function open(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB_NAME);
      request.onsuccess = () => resolve(request.result.objectStoreNames.contains(LAB_STORE) ? request.result : null);
      request.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
}

async function withLab<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  const db = await open();
  if (!db) return undefined;
  try {
    return await new Promise<T | undefined>((resolve) => {
      const request = work(db.transaction(LAB_STORE, mode).objectStore(LAB_STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(undefined);
    });
  } finally {
    db.close();
  }
}

export const saveCheckpoint = (runId: string, c: RlCheckpoint) => withLab('readwrite', (s) => s.put(c, labCheckpointKey(runId)));

export const loadCheckpoint = (runId: string) =>
  withLab('readonly', (s) => s.get(labCheckpointKey(runId)) as IDBRequest<RlCheckpoint | undefined>);
