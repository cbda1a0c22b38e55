import { describe, expect, it } from 'vitest';
import { normalizeRow } from './normalize';

describe('normalizeRow', () => {
  it('keeps raw values, z-scores within the row, or keeps only the sign; nulls stay null', () => {
    const row = [1, null, 3, -2];
    expect(normalizeRow(row, 'raw')).toEqual(row);
    expect(normalizeRow(row, 'sign')).toEqual([1, null, 1, -1]);
    const z = normalizeRow(row, 'z-score') as number[];
    const known = [z[0], z[2], z[3]];
    expect(known.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    expect(Math.sqrt(known.reduce((a, b) => a + b * b, 0) / 3)).toBeCloseTo(1, 12);
    expect(z[1]).toBeNull();
    expect(normalizeRow([2, 2], 'z-score')).toEqual([0, 0]);
  });
});
