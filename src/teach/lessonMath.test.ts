import { describe, expect, it } from 'vitest';
import { answerGroup, groupAdvantages, higherCurve, pqmLesson, voteLesson } from './lessonMath';
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

describe('higherCurve (lesson 7)', () => {
  it('compares the two curves at the last update both have reached', () => {
    expect(higherCurve([0.4, 0.5, 0.6], [0.4, 0.45])).toBe(0);
    expect(higherCurve([0.4, 0.4], [0.4, 0.5, 0.3])).toBe(1);
    expect(higherCurve([0.4, 0.5], [0.4, 0.5])).toBe(2);
    expect(higherCurve([], [0.4])).toBe(2);
  });
});
