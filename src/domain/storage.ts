/**
 * The page's IndexedDB database: its name, version and stores. The stores open it (state/session.ts); a Lab worker
 * writes its run's checkpoints into the `lab` store itself (runtime/labCheckpoints.ts), so megabytes of weights never
 * pass through the main thread.
 */
export const DB_NAME = 'creditlens';
export const DB_VERSION = 4;
export const SESSION_STORE = 'session';
export const DATASET_STORE = 'datasets';
export const LAB_STORE = 'lab';
/** A person's step labels, one record per trace, keyed by the trace's text (domain/stepLabels.ts `labelKey`). */
export const LABEL_STORE = 'labels';
export const DB_STORES = [SESSION_STORE, DATASET_STORE, LAB_STORE, LABEL_STORE] as const;

/** Where a Lab run's checkpoint lives in the `lab` store. */
export const labCheckpointKey = (runId: string) => `checkpoint:${runId}`;
