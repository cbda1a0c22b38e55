/**
 * Rows of a Parquet file (TRL's `completions/completions_{step}.parquet`) as records, read with hyparquet, a
 * maintained Parquet reader for the browser. Only workers and the CLI import this file.
 */
import { parquetReadObjects } from 'hyparquet';
import type { ScoresRecord } from './importedScores';

/** Whether bytes start as a Parquet file does ("PAR1"). */
export const isParquet = (head: Uint8Array) => head.length >= 4 && String.fromCharCode(...head.subarray(0, 4)) === 'PAR1';

/** A 64-bit integer column (pandas writes the step so) as a number; other values as they are. */
const plain = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : v);

/** Every row of the file as a record, numbered from 1; an unreadable file throws with what hyparquet said. */
export async function parquetRecords(buffer: ArrayBuffer): Promise<ScoresRecord[]> {
  let rows: Record<string, unknown>[];
  try {
    rows = await parquetReadObjects({ file: buffer });
  } catch (e) {
    throw new Error(`the Parquet file could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
  return rows.map((row, i) => ({ line: i + 1, record: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, plain(v)])) }));
}
