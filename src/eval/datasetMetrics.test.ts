import { describe, expect, it } from 'vitest';
import { modelMetrics, type ScoredTrace, metricsFromOutcomes, type TraceOutcome } from './datasetMetrics';
import type { RunMethod, ScoreRun } from '../methods/scoreRun';
import { withStepTau } from './stepVerdicts';
import type { Trace } from '../domain/trace';

const trace = (id: string, problem: string, firstErrorStep: number, finalCorrect: boolean, answer: string): Trace => ({
  id,
  source: 't',
  problem,
  response: 'ab',
  steps: [
    { text: 'a', charStart: 0, charEnd: 1 },
    { text: 'b', charStart: 1, charEnd: 2 },
  ],
  firstErrorStep,
  finalCorrect,
  answer,
  wrongSpans: firstErrorStep >= 0 ? [{ charStart: firstErrorStep, charEnd: firstErrorStep + 1 }] : [],
  meta: {},
});

const run = (method: RunMethod, stepScores: number[], traceScore: number, tokenScores: number[]): ScoreRun => ({
  traceId: 't',
  modelId: 'm',
  method,
  device: 'node',
  dtype: 'float32',
  tokens: tokenScores.map((_, i) => ({ id: i, text: 'x', charStart: i, charEnd: i + 1, special: false })),
  tokenScores,
  stepScores,
  traceScore,
  raw: {},
  timingMs: { tokenize: 0, run: 0, total: 0 },
  bytesRead: 0,
  appVersion: 'test',
});

describe('dataset metrics', () => {
  const scored: ScoredTrace[] = [
    // Right: step 1 is below 0.5; the token of step 1 has the lowest credit.
    { trace: trace('a', 'p1', 1, false, '5'), run: run('cls-prm', [0.9, 0.2], 0.2, [1, -1]), truncated: false },
    // Right: no step below 0.5 on a correct trace.
    { trace: trace('b', 'p1', -1, true, '4'), run: run('cls-prm', [0.8, 0.7], 0.7, [1, 1]), truncated: true },
    // Wrong: predicts step 0, truth step 1.
    { trace: trace('c', 'p2', 1, false, '7'), run: run('cls-prm', [0.4, 0.3], 0.3, [2, -2]), truncated: false },
    { trace: trace('d', 'p2', -1, true, '6'), run: run('cls-prm', [0.6, 0.45], 0.45, [0, 1]), truncated: false },
    { trace: trace('e', 'p3', -1, true, '1'), run: null, truncated: false },
  ];

  it('computes ProcessBench F1 at the method’s threshold, the sweep, BoN and token AUROC', () => {
    const m = modelMetrics(scored, []);
    expect([m.scored, m.failed, m.truncated]).toEqual([4, 1, 1]);
    expect(m.processBench?.tau).toBe(0.5);
    expect(m.processBench?.tauSource).toBe('the method’s default');
    // acc_err: a right, c wrong → 50 %; acc_corr: b right, d wrong (0.45 < 0.5) → 50 %.
    expect(m.processBench?.score.accErr).toBe(50);
    expect(m.processBench?.score.accCorr).toBe(50);
    expect(m.processBench?.score.f1).toBe(50);
    expect(m.processBench?.best?.f1).toBeGreaterThanOrEqual(50);
    expect(m.processBench?.best?.sweep.length).toBeGreaterThan(3);
    // BoN@2: p1 picks b (0.7, correct), p2 picks d (0.45, correct).
    expect(m.bon).toEqual({ n: 2, problems: 2, accuracy: 1, weightedVote: 1 });
    // Token AUROC: trace a 1.0 (the wrong token is lower), trace c 1.0.
    expect(m.tokenAuroc).toEqual({ mean: 1, traces: 2 });
    expect(m.pairwise).toBeNull();
  });

  it('reads every run at the τ it carries and says where it came from', () => {
    const atCard = scored.map((s) => ({ ...s, run: s.run && withStepTau(s.run, { value: 0.35, source: 'card' }) }));
    const m = modelMetrics(atCard, []);
    expect(m.processBench?.tau).toBe(0.35);
    expect(m.processBench?.tauSource).toBe('the model card');
    // At 0.35, c's first step (0.4) passes and its second (0.3) is caught; d no longer trips.
    expect(m.processBench?.score.accErr).toBe(100);
    expect(m.processBench?.score.accCorr).toBe(100);
  });

  it('counts a pair as won only when the chosen score is strictly higher, over the pairs both sides scored', () => {
    const r = (s: number) => run('orm', [], s, []);
    const m = modelMetrics(
      [],
      [
        { chosen: r(2), rejected: r(1) },
        { chosen: r(1), rejected: r(1) },
        { chosen: r(0), rejected: r(3) },
        { chosen: r(5), rejected: null },
      ],
    );
    expect(m.pairwise).toEqual({ accuracy: 1 / 3, pairs: 3 });
    expect(m.failed).toBe(1);
    expect(m.processBench).toBeNull();
  });

  it('counts what a paused run has not reached apart from what it could not score, and runs read with unknown characters', () => {
    const items = scored.map((s) => ({ kind: 'trace' as const, trace: s.trace }));
    const outcomes = new Map<string, TraceOutcome>([
      ['a', { run: { ...run('cls-prm', [0.9, 0.2], 0.2, [1, -1]), unknownChars: ['€'] }, truncated: false }],
      ['b', { run: null, truncated: false, error: 'too long' }],
    ]);
    const m = metricsFromOutcomes(items, outcomes);
    expect([m.scored, m.failed, m.notReached, m.unknownChars]).toEqual([1, 1, 3, 1]);
  });
});
