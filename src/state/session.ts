/** The session (trace, edits, models, backend) kept in IndexedDB, so a reload restores it exactly. */
import { DB_NAME, DB_STORES, DB_VERSION, SESSION_STORE as STORE } from '../domain/storage';
import type { ServedRef } from './url';

const KEY = 'current';

export interface SavedSession {
  problem: string;
  text: string;
  selected: string[];
  backend: string;
  /** The picked served models' engine, name and preset (never a key), so a reload finds them again. */
  served?: ServedRef[];
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      for (const name of DB_STORES) if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
}

export async function withStore<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T>,
  store: string = STORE,
): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = work(db.transaction(store, mode).objectStore(store));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

/** Saving is best effort: a private window without IndexedDB just does not persist. */
export async function saveSession(session: SavedSession): Promise<void> {
  await withStore('readwrite', (s) => s.put(session, KEY)).catch(() => undefined);
}

export async function loadSession(): Promise<SavedSession | null> {
  const value = (await withStore('readonly', (s) => s.get(KEY) as IDBRequest<unknown>).catch(() => null)) as Partial<SavedSession> | null;
  if (!value || typeof value.problem !== 'string' || typeof value.text !== 'string' || !Array.isArray(value.selected)) return null;
  return {
    problem: value.problem,
    text: value.text,
    selected: value.selected.filter((s) => typeof s === 'string'),
    backend: String(value.backend),
    served: Array.isArray(value.served)
      ? value.served.filter(
          (r): r is ServedRef => typeof r?.baseUrl === 'string' && typeof r.model === 'string' && typeof r.preset === 'string',
        )
      : [],
  };
}
