import { describe, expect, it } from 'vitest';
import type { CapoDetails, RunMethod, ScoreRun } from '../methods/scoreRun';
import { agreements, orientedStepScores, predictedFirstError } from './stepVerdicts';

const run = (modelId: string, method: RunMethod, stepScores: number[] | null, capo?: CapoDetails): ScoreRun => ({
  traceId: 't',
  modelId,
  method,
  device: 'wasm',
  dtype: 'float32',
  tokens: [],
  tokenScores: [],
  stepScores,
  traceScore: null,
  raw: {},
  capo,
  timingMs: { tokenize: 0, run: 0, total: 0 },
  bytesRead: 0,
  appVersion: 'test',
});

const capo = (wrong: number[], counts: number[]): CapoDetails => ({
  critiques: [],
  votes: { counts, voters: 4, abstained: 0, wrong },
  outcome: false,
});

describe('step verdicts across methods', () => {
  it('uses each method’s threshold for the first wrong step', () => {
    expect(predictedFirstError(run('p', 'pqm', [1.2, 0.3, -0.5, 2]))).toBe(2);
    expect(predictedFirstError(run('c', 'cls-prm', [0.9, 0.6, 0.4]))).toBe(2);
    expect(predictedFirstError(run('c', 'cls-prm', [0.9, 0.6]))).toBe(-1);
    expect(predictedFirstError(run('o', 'orm', null))).toBeNull();
    expect(predictedFirstError(run('k', 'capo-critic', [0, 0.75, 1], capo([1, 2], [0, 3, 4])))).toBe(1);
  });

  it('flips CAPO’s wrong-vote fractions so higher means right', () => {
    expect(orientedStepScores(run('k', 'capo-critic', [0, 0.75], capo([1], [0, 3])))).toEqual([1, 0.25]);
    expect(orientedStepScores(run('p', 'pqm', [1, 2]))).toEqual([1, 2]);
  });

  it('measures rank agreement and first-error agreement for every pair', () => {
    const runs = [
      run('pqm', 'pqm', [2, 1, -1]),
      run('prm', 'cls-prm', [0.9, 0.8, 0.1]),
      run('capo', 'capo-critic', [0, 0.5, 1], capo([2], [0, 2, 4])),
      run('orm', 'orm', null),
    ];
    const a = agreements(runs);
    expect(a).toHaveLength(6);
    const pair = (x: string, y: string) => a.find((p) => p.a === x && p.b === y);
    expect(pair('pqm', 'prm')).toEqual({ a: 'pqm', b: 'prm', rho: 1, sameFirstError: true });
    expect(pair('pqm', 'capo')?.rho).toBeCloseTo(1, 12);
    expect(pair('prm', 'orm')).toEqual({ a: 'prm', b: 'orm', rho: null, sameFirstError: null });
    const flipped = agreements([run('x', 'pqm', [1, 2, 3]), run('y', 'pqm', [3, 2, -1])]);
    expect(flipped[0]).toEqual({ a: 'x', b: 'y', rho: -1, sameFirstError: false });
  });
});
