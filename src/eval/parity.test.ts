import { describe, expect, it } from 'vitest';
import type { ScoreRun } from '../methods/scoreRun';
import { runDifference } from './parity';

const run = (tokenScores: (number | null)[], raw: Record<string, number[]>): ScoreRun => ({
  traceId: 't',
  modelId: 'm',
  method: 'qrm',
  device: 'wasm',
  dtype: 'float32',
  tokens: [],
  tokenScores,
  stepScores: null,
  traceScore: null,
  raw,
  timingMs: { tokenize: 0, run: 0, total: 0 },
  bytesRead: 0,
  appVersion: 'test',
});

describe('run difference', () => {
  it('finds the largest gap over token scores and every raw output', () => {
    const d = runDifference(run([1, null, 2], { z: [0, 5] }), run([1.00001, null, 2], { z: [0, 5.0003] }));
    expect(d.maxAbsDiff).toBeCloseTo(0.0003, 9);
    expect(d.where).toBe('z[1]');
    expect(d.compared).toBe(4);
  });

  it('calls mismatched shapes and a missing value infinitely far apart', () => {
    expect(runDifference(run([1], {}), run([1, 2], {})).maxAbsDiff).toBe(Infinity);
    expect(runDifference(run([1, null], {}), run([1, 2], {})).where).toBe('tokenScores[1] is missing on one backend');
    expect(runDifference(run([NaN], {}), run([1], {})).maxAbsDiff).toBe(Infinity);
  });

  it('sees identical runs as equal', () => {
    expect(runDifference(run([1, -2], { q: [3] }), run([1, -2], { q: [3] }))).toEqual({ maxAbsDiff: 0, where: 'nowhere', compared: 3 });
  });
});
