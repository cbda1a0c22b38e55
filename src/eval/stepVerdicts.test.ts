import { describe, expect, it } from 'vitest';
import type { CapoDetails, RunMethod, ScoreRun } from '../methods/scoreRun';
import {
  agreements,
  firstWrongStep,
  foundMistake,
  lowestTokenStep,
  orientedStepScores,
  stepTauOf,
  withStepTau,
  withUserTau,
} from './stepVerdicts';
import type { Trace } from '../domain/trace';

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
    expect(firstWrongStep(run('p', 'pqm', [1.2, 0.3, -0.5, 2]))).toBe(2);
    expect(firstWrongStep(run('c', 'cls-prm', [0.9, 0.6, 0.4]))).toBe(2);
    expect(firstWrongStep(run('c', 'cls-prm', [0.9, 0.6]))).toBe(-1);
    expect(firstWrongStep(run('o', 'orm', null))).toBeNull();
    expect(firstWrongStep(run('k', 'capo-critic', [0, 0.75, 1], capo([1, 2], [0, 3, 4])))).toBe(1);
  });

  it('reads a run at the τ it carries (card or user), and at the method’s default when it carries none', () => {
    const q = run('q', 'qrm', [0.3, -0.02, -0.5]);
    expect(stepTauOf(q)).toEqual({ value: 0, source: 'method' });
    expect(firstWrongStep(q)).toBe(1);
    const card = withStepTau(q, { value: -0.0406, source: 'card' });
    expect(firstWrongStep(card)).toBe(2);
    expect(stepTauOf(card)).toEqual({ value: -0.0406, source: 'card' });
    // The user's τ is read first; clearing it brings the card's back, which the run kept underneath.
    const mine = withUserTau(card, 0.5);
    expect(firstWrongStep(mine)).toBe(0);
    expect(stepTauOf(mine)).toEqual({ value: 0.5, source: 'user' });
    expect(withUserTau(mine, undefined)).toEqual(card);
    expect(withUserTau(card, undefined)).toBe(card);
    // Back to the method's default; methods without a step threshold carry none.
    expect(withStepTau(card, null).stepTau).toBeUndefined();
    expect(withStepTau(run('o', 'orm', null), { value: 1, source: 'user' }).stepTau).toBeUndefined();
    expect(stepTauOf(run('k', 'capo-critic', [0, 1], capo([1], [0, 4])))).toBeNull();
  });

  it('calls a mistake found by the first-error rule only; the lowest token is a separate reading', () => {
    const trace: Trace = {
      id: 't',
      source: 't',
      problem: 'p',
      response: 'aabb',
      steps: [
        { text: 'aa', charStart: 0, charEnd: 2 },
        { text: 'bb', charStart: 2, charEnd: 4 },
      ],
      firstErrorStep: 1,
      meta: {},
    };
    // Lowest token in step 2 (index 1), but no step below τ = 0: the rule says no wrong step, so not found.
    const q = {
      ...run('q', 'qrm', [0.4, 0.1]),
      tokens: [0, 1, 2, 3].map((i) => ({ id: i, text: 'x', charStart: i, charEnd: i + 1, special: false })),
      tokenScores: [0.5, 0.4, -0.2, 0.1],
    };
    expect(lowestTokenStep(trace, q)).toBe(1);
    expect(foundMistake(trace, q)).toBe(false);
    expect(foundMistake(trace, withStepTau(q, { value: 0.2, source: 'card' }))).toBe(true);
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
