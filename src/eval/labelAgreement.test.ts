/** Cohen's κ between two annotators, against a value worked by hand. */
import { describe, expect, it } from 'vitest';
import type { StepLabel, Trace } from '../domain/trace';
import { labelAgreement } from './labelAgreement';
import { cohenKappa } from './metrics';

const C: StepLabel = 'correct';
const W: StepLabel = 'wrong';
const N: StepLabel = 'neutral';

/** A trace of `labels.length` one-line steps, each labelled as given (undefined: not labelled). */
function trace(id: string, labels: (StepLabel | undefined)[]): Trace {
  const lines = labels.map((_, k) => `step ${k + 1}`);
  let at = 0;
  const steps = lines.map((text, k) => {
    const step = { text, charStart: at, charEnd: at + text.length, label: labels[k] };
    at += text.length + 1;
    return step;
  });
  return { id, source: 'test', problem: `problem ${id}`, response: lines.join('\n'), steps, meta: {} };
}

describe("Cohen's κ", () => {
  it('equals the hand-worked value (methods.md §6): p_o = 0.7, p_e = 0.6·0.5 + 0.3·0.4 + 0.1·0.1 = 0.43, κ = 0.27 / 0.57 = 9/19', () => {
    const a = [C, C, W, C, W, N, C, C, W, C];
    const b = [C, W, W, C, C, N, C, C, W, W];
    expect(cohenKappa(a.map((x, i) => [x, b[i]] as const))).toBeCloseTo(9 / 19, 12);
    // Perfect agreement is 1; agreement at chance is 0; nothing, or one label everywhere, is undefined.
    expect(cohenKappa(a.map((x) => [x, x] as const))).toBe(1);
    expect(
      cohenKappa([
        [C, C],
        [C, W],
        [W, C],
        [W, W],
      ] as const),
    ).toBe(0);
    expect(cohenKappa([])).toBeNull();
    expect(
      cohenKappa([
        [C, C],
        [C, C],
      ] as const),
    ).toBeNull();
  });

  it('over two label files: the steps both labelled, each disagreement by trace and step counted from 1', () => {
    const first = [trace('t1', [C, C, W, C, W]), trace('t2', [N, C, C, W, C]), trace('only-a', [C])];
    const second = [trace('t1', [C, W, W, C, C]), trace('t2', [N, C, C, W, W]), trace('only-b', [W])];
    const r = labelAgreement(first, second);
    expect(r).toMatchObject({ compared: 10, agreed: 7, unmatched: 2, splitDiffers: 0 });
    expect(r.kappa).toBeCloseTo(9 / 19, 12);
    expect(r.disagreements).toEqual([
      { traceId: 't1', step: 2, a: C, b: W },
      { traceId: 't1', step: 5, a: W, b: C },
      { traceId: 't2', step: 5, a: C, b: W },
    ]);
    // A step one annotator left unlabelled is not compared.
    expect(labelAgreement([trace('t', [C, undefined])], [trace('t', [C, W])])).toMatchObject({ compared: 1, agreed: 1 });
  });
});
