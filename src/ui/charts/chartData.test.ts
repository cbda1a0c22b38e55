import { describe, expect, it } from 'vitest';
import type { ScoreRun } from '../../methods/scoreRun';
import { cumulativeSeries, runCurves, stepCategories, stepGroups, tokenSeries } from './chartData';

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

describe('an imported RL run across its steps', () => {
  const rollout = (step: number | undefined, response: string, reward: number, kl: number[]) => ({
    trace: { response, meta: step === undefined ? {} : { step } },
    runs: [
      { modelId: 'reward', method: 'orm', traceScore: reward, tokenScores: [] },
      { modelId: 'KL: log π − log π_ref', method: 'channel', traceScore: null, tokenScores: kl },
      { modelId: 'value', method: 'channel', traceScore: null, tokenScores: [9] },
    ] as unknown as ScoreRun[],
  });
  it('gives each one-score row, the length and the mean KL per step, averaged over the step’s rollouts', () => {
    const curves = runCurves([
      rollout(2, 'abcd', 1, [0.1, 0.3]),
      rollout(1, 'ab', 0, [0, 0]),
      rollout(2, 'ab', 0, [0.2, 0.2]),
      rollout(undefined, 'zzzzzzzz', 5, [9]),
    ]);
    expect(curves.map((c) => c.name)).toEqual(['reward', 'mean KL: log π − log π_ref', 'response length (characters)']);
    expect(curves[0].points).toEqual([
      { x: 1, y: 0, n: 1 },
      { x: 2, y: 0.5, n: 2 },
    ]);
    expect(curves[1].points.map((p) => p.y)).toEqual([0, 0.2]);
    expect(curves[2].points.map((p) => p.y)).toEqual([2, 3]);
    // One step is no curve.
    expect(runCurves([rollout(1, 'a', 1, [0])])).toEqual([]);
  });
});
