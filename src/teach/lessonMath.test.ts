import { describe, expect, it } from 'vitest';
import { answerGroup, atCommonUpdate, groupAdvantages, higherOverSeeds, pqmLesson, seedSpread, voteLesson } from './lessonMath';
import { GALLERY } from '../state/gallery';

describe('the numbers the lessons show move with their inputs', () => {
  it('PQM: a larger margin ζ raises the loss and pushes the wrong steps’ Q down harder', () => {
    const small = pqmLesson(1);
    const large = pqmLesson(6);
    expect(large.loss).toBeGreaterThan(small.loss);
    // Training moves against the gradient: the correct steps' Q up, the wrong steps' Q down.
    expect(small.push[0]).toBeGreaterThan(0);
    expect(small.push[3]).toBeLessThan(0);
    expect(Math.abs(large.push[3])).not.toBeCloseTo(Math.abs(small.push[3]), 6);
  });

  it('CAPO votes: with no noise every rule finds the wrong step; with noise one critique errs and the majority of many recovers', () => {
    const trace = GALLERY[0].trace;
    const clean = voteLesson(trace, 8, 0, 1);
    expect(clean).toHaveLength(8);
    expect(clean.every((r) => r.finds.majority && r.finds.union && r.finds.intersection)).toBe(true);
    const noisy = voteLesson(trace, 16, 0.3, 1);
    expect(noisy.map((r) => r.wrong.union.length)).not.toEqual(clean.map((r) => r.wrong.union.length).concat(Array(8).fill(1)));
    expect(noisy.at(-1)?.finds.majority).toBe(true);
    expect(noisy.at(-1)?.wrong.union.length).toBeGreaterThan(1);
    expect(voteLesson(trace, 16, 0.45, 2)).not.toEqual(noisy);
  });

  it('advantages: GRPO gives one number per answer; CAPO singles out the wrong steps; Q-RM follows Z', () => {
    const { traces } = answerGroup(7);
    expect(traces).toHaveLength(4);
    expect(traces[0].firstErrorStep).toBe(-1);
    const z = traces.map((t) => [...t.response].map((_, i) => (i % 7) - 3).concat([1]));
    const a = groupAdvantages(traces, z);
    expect(a.grpo).toHaveLength(4);
    expect(a.grpo[0]).toBeGreaterThan(0);
    // The "recovered" answer reaches the right result through two wrong steps: GRPO rewards all of it, CAPO not those steps.
    const recovered = traces[2];
    expect(recovered.finalCorrect).toBe(true);
    expect(a.grpo[2]).toBeGreaterThan(0);
    const wrongStep = recovered.steps[recovered.firstErrorStep ?? 0];
    expect(a.capo[2][wrongStep.charStart]).toBeLessThan(a.capo[2][0]);
    expect(a.qrm?.[0]).toHaveLength(z[0].length);
    const z2 = z.map((r) => r.map((v) => v * 2 + 1));
    expect(groupAdvantages(traces, z2).qrm).not.toEqual(a.qrm);
  });
});

describe('lesson 7 over seeds', () => {
  it('reads every run at the last update all of them reached', () => {
    expect(
      atCommonUpdate(
        [
          [0.4, 0.5, 0.6],
          [0.4, 0.45],
        ],
        [[0.4, 0.5, 0.3]],
      ),
    ).toEqual({ update: 1, values: [[0.5, 0.45], [0.5]] });
    expect(atCommonUpdate([[]], [[0.4]]).values).toEqual([[], []]);
  });

  it('calls a difference only when it is larger than two standard errors of the difference of the means', () => {
    expect(seedSpread([0.5, 0.6, 0.7])).toEqual({ mean: 0.6, sd: expect.closeTo(0.1, 12), n: 3 });
    // Seed 1 and seed 2 of the issue: Q-RM 0.563, 0.563 against GRPO 0.469, 0.594: mean 0.563 vs 0.531, spread 0.089.
    const mixed = higherOverSeeds([0.563, 0.563], [0.469, 0.594]);
    expect(mixed.answer).toBe(2);
    expect(mixed.spread).toBeCloseTo(2 * Math.sqrt(0.0078125 / 2), 6);
    expect(higherOverSeeds([0.7, 0.72, 0.71], [0.5, 0.52, 0.51]).answer).toBe(0);
    expect(higherOverSeeds([0.5, 0.52, 0.51], [0.7, 0.72, 0.71]).answer).toBe(1);
    // One seed each: no spread to go by, so any difference decides, and equal is level.
    expect(higherOverSeeds([0.6], [0.5]).answer).toBe(0);
    expect(higherOverSeeds([0.5], [0.5]).answer).toBe(2);
    expect(higherOverSeeds([], [0.5]).answer).toBe(2);
  });
});
