import { describe, expect, it } from 'vitest';
import { openNodeModel } from './nodeModel';
import { fromStepList } from '../domain/steps';
import type { Trace } from '../domain/trace';
import { fitTrace, scoreBatch } from './batch';
import { scoreTraces } from './scoring';
import { DEFAULT_SCORING } from '../methods/method';

const trace = (id: string, stepTexts: string[], problem = 'What is 2 + 2?'): Trace => {
  const { response, steps } = fromStepList(stepTexts, '\n');
  return { id, source: 'test', problem, response, steps, firstErrorStep: 1, meta: {} };
};

describe('batch scoring', async () => {
  const runner = await openNodeModel('models', 'arith-pqm');
  const long = trace(
    'long',
    Array.from({ length: 40 }, (_, k) => `Step ${k + 1}: ${k} + 1 = ${k + 1}.`),
  );

  it('cuts an over-long trace to the whole steps that fit, and scores them as that shorter trace', async () => {
    const fit = fitTrace(runner, long, 'steps-that-fit');
    expect(fit.truncated?.steps).toBe(40);
    const k = fit.truncated?.keptSteps ?? 0;
    expect(k).toBeGreaterThan(3);
    expect(k).toBeLessThan(40);
    expect(fit.trace.steps).toHaveLength(k);
    expect(fit.trace.response).toBe(long.response.slice(0, long.steps[k - 1].charEnd));
    // One more step would not fit.
    expect(() =>
      fitTrace(runner, { ...long, steps: long.steps.slice(0, k + 1), response: long.response.slice(0, long.steps[k].charEnd) }, 'skip'),
    ).toThrow(/reads at most/);
    const [outcome] = await scoreBatch(runner, [long], 'node', DEFAULT_SCORING, 'steps-that-fit');
    const [direct] = await scoreTraces(runner, [fit.trace], 'node');
    expect(outcome.run?.stepScores).toEqual(direct.stepScores);
    expect(outcome.truncated).toEqual({ keptSteps: k, steps: 40 });
  });

  it('gives every trace an outcome: characters the tokenizer lacks are read as its unknown token and named, skipped long traces are named', async () => {
    const ok = trace('ok', ['2 + 2 = 4.', 'Answer: 4']);
    const euro = trace('euro', ['It costs 4 €.', 'Answer: 4']);
    const outcomes = await scoreBatch(runner, [ok, euro, long], 'node', DEFAULT_SCORING, 'skip');
    expect(outcomes.map((o) => o.traceId)).toEqual(['ok', 'euro', 'long']);
    expect(outcomes[0].run?.stepScores).toHaveLength(2);
    expect(outcomes[0].error).toBeNull();
    expect(outcomes[1].error).toBeNull();
    expect(outcomes[1].run?.unknownChars).toEqual(['€']);
    expect(outcomes[1].run?.stepScores).toHaveLength(2);
    expect(outcomes[0].run?.unknownChars).toBeUndefined();
    expect(outcomes[2].error?.code).toBe('input-too-long');
    expect(outcomes[2].error?.message).toContain('"skip"');
  });
});
