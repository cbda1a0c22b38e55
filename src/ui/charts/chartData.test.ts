import { describe, expect, it } from 'vitest';
import type { ScoreRun } from '../../methods/scoreRun';
import { cumulativeSeries, stepCategories, stepGroups, tokenSeries } from './chartData';

const run = (modelId: string, tokenScores: (number | null)[], stepScores: number[] | null): ScoreRun => ({
  traceId: 't',
  modelId,
  method: 'qrm',
  device: 'wasm',
  dtype: 'float32',
  tokens: tokenScores.map((_, i) => ({ id: i, text: 'ab', charStart: 2 * i, charEnd: 2 * i + 2, special: false })),
  tokenScores,
  stepScores,
  traceScore: null,
  raw: {},
  timingMs: { tokenize: 0, run: 0, total: 0 },
  bytesRead: 0,
  appVersion: 'test',
});

describe('chart data', () => {
  it('puts each token at its first character and skips tokens without a value', () => {
    expect(tokenSeries(run('a', [1, null, -2], null), 'raw')).toEqual([
      { char: 0, value: 1 },
      { char: 4, value: -2 },
    ]);
    expect(tokenSeries(run('a', [3, -1], null), 'sign').map((p) => p.value)).toEqual([1, -1]);
  });

  it('sums credit along the response', () => {
    const points = tokenSeries(run('a', [0.5, -2, 1], null), 'raw');
    expect(cumulativeSeries(points).map((p) => p.value)).toEqual([0.5, -1.5, -0.5]);
  });

  it('lines step scores up by step, only for runs with one score per step, and names steps from 1', () => {
    const groups = stepGroups([run('a', [], [0.2, -0.4]), run('b', [], [1]), run('c', [], [3, 1])], 2, 'raw', (r) => r.modelId);
    expect(groups).toEqual([
      { name: 'a', values: [0.2, -0.4] },
      { name: 'c', values: [3, 1] },
    ]);
    expect(stepGroups([run('c', [], [3, 1])], 2, 'z-score', (r) => r.modelId)[0].values).toEqual([1, -1]);
    expect(stepCategories(3)).toEqual(['step 1', 'step 2', 'step 3']);
  });
});
