/**
 * Test helpers: the project's numeric test vectors (`vectors.json`, the worked numbers of docs/methods.md). Where the
 * third-party workspace sits beside the checkout (`../shared`, as in CI), `layers.test.ts` also checks that these
 * vectors agree with its fixtures, and the importer tests run on its real data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

const path = join(import.meta.dirname, 'vectors.json');

/** `../shared` beside the checkout: absent in a plain clone, present in CI. */
export const SHARED = join(import.meta.dirname, '../../../shared');
export const hasShared = existsSync(join(SHARED, 'fixtures/methods.json'));

// The fixture file is plain JSON of nested numbers, arrays and objects; tests index into it by key.
type Json = number | string | boolean | null | Json[] | { [key: string]: Json };

export const fixtures = JSON.parse(readFileSync(path, 'utf8')) as Record<string, Record<string, Json>>;

export const TOLERANCE = 1e-5;

/** Asserts numbers (or nested arrays of numbers) agree to 1e-5. */
export function expectClose(actual: unknown, expected: Json, where = 'value'): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${where} should be an array`).toBe(true);
    const a = actual as unknown[];
    expect(a.length, `${where} length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose(a[i], e, `${where}[${i}]`));
    return;
  }
  expect(typeof actual, where).toBe('number');
  expect(Math.abs((actual as number) - (expected as number)), `${where}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);
}

/** Pads ragged rows with zeros to `width`, the layout the fixtures use for batches. */
export function padRows(rows: readonly (readonly number[])[], width: number): number[][] {
  return rows.map((r) => [...r, ...Array<number>(width - r.length).fill(0)]);
}
