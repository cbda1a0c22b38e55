/** Which token weights each reward gives an RL update, against the methods' own math and the fixtures' numbers. */
import { describe, expect, it } from 'vitest';
import { formatResponse } from '../arith/format';
import { generateProblem, solve } from '../arith/problem';
import { arithTrace } from '../arith/traces';
import { tokenStepIndex } from '../domain/stepTokens';
import { characterTokens } from '../domain/tokenSpan';
import { seededRandom } from '../domain/random';
import { capoAdvantages, capoTokenRewards, grpoAdvantages } from '../methods/capo';
import { qrmReinforceRewards, reinforceLoss } from '../methods/qrm';
import type { ScoreRun } from '../methods/scoreRun';
import { applyObjective } from './losses';
import { tokenWeights, type Rollout } from './rlRewards';

const problem = generateProblem(seededRandom(11));
const right = arithTrace('r', problem, formatResponse(solve(problem), problem.answer));
// The same steps with a wrong final answer: only the last step is wrong.
const wrong = arithTrace('w', problem, formatResponse(solve(problem), problem.answer + 1));
const last = wrong.steps.length - 1;
const rollouts: Rollout[] = [
  { trace: right, tokens: right.response.length + 1 },
  { trace: wrong, tokens: wrong.response.length + 1 },
];
const groups = [[0, 1]];
const run = (trace: typeof right, tokenScores: (number | null)[], traceScore: number | null, raw: object = {}): { run: ScoreRun } => ({
  run: { tokenScores, traceScore, stepScores: null, modelId: 'm', traceId: trace.id, raw } as unknown as ScoreRun,
});

describe('RL token weights', () => {
  it('outcome-only: GRPO’s group-normalised 0/1 on every token, end-of-text included', () => {
    expect(right.finalCorrect).toBe(true);
    expect(wrong.finalCorrect).toBe(false);
    const w = tokenWeights('outcome', rollouts, [null, null], groups);
    const [a, b] = grpoAdvantages([1, 0]);
    expect(w[0]).toEqual(Array<number>(rollouts[0].tokens).fill(a));
    expect(w[1]).toEqual(Array<number>(rollouts[1].tokens).fill(b));
  });

  it('ORM: its answer scores, group-normalised the same way', () => {
    const reads = [run(right, [], 0.3), run(wrong, [], 1.2)];
    const w = tokenWeights('orm', rollouts, reads, groups);
    expect(w[0][0]).toBeCloseTo(grpoAdvantages([0.3, 1.2])[0], 12);
    expect(w[1].at(-1)).toBeCloseTo(grpoAdvantages([0.3, 1.2])[1], 12);
  });

  it('Q-RM: Z over the batch std, the end-of-text token given its sequence’s mean (methods.md §2.6)', () => {
    const z = rollouts.map((r, i) => Array.from({ length: r.trace.response.length }, (_, t) => Math.sin(t + 3 * i)));
    const w = tokenWeights(
      'qrm',
      rollouts,
      z.map((row, i) => run(rollouts[i].trace, row, null)),
      groups,
    );
    // Without the model's own end-of-text credit, that slot starts as the last token's.
    const want = qrmReinforceRewards(
      z.map((row) => [...row, row[row.length - 1]]),
      { subMean: false, eosRescore: true },
    ).rewards;
    expect(w).toEqual(want);
    // A sample cut off at the length limit has no end-of-text slot.
    const cut: Rollout[] = [{ ...rollouts[0], tokens: rollouts[0].tokens - 1 }, rollouts[1]];
    expect(
      tokenWeights(
        'qrm',
        cut,
        z.map((row, i) => run(rollouts[i].trace, row, null)),
        groups,
      )[0],
    ).toHaveLength(cut[0].tokens);
  });

  it('Q-RM, worked by hand: the model’s own end-of-text Z counts in the std and the mean, then gives way to the mean', () => {
    // Responses "ab" and "c", both ended. Z = [−0.1, −2.0] and end-of-text −0.5; Z = [−0.2] and end-of-text −0.2.
    const mini = (id: string, response: string) => ({ trace: { ...right, id, response }, tokens: response.length + 1 });
    const two = [mini('x', 'ab'), mini('y', 'c')];
    const w = tokenWeights(
      'qrm',
      two,
      [run(two[0].trace, [-0.1, -2.0], null, { scored: [-0.1, -2.0, -0.5] }), run(two[1].trace, [-0.2], null, { scored: [-0.2, -0.2] })],
      [[0, 1]],
    );
    // The batch's five values have mean −0.6 and population std 0.712741; each Z over it, then each end-of-text slot
    // given its sequence's mean: (−0.1 − 2.0 − 0.5) / 3 / 0.712741 = −1.215963.
    const expected = [
      [-0.140303, -2.806068, -1.215963],
      [-0.280607, -0.280607],
    ];
    w.forEach((row, i) => row.forEach((v, t) => expect(v).toBeCloseTo(expected[i][t], 6)));
  });

  it('a step PRM: each step’s score on its tokens, centred on the batch mean before the std', () => {
    const scores = rollouts.map((r, i) =>
      Array.from({ length: r.trace.response.length }, (_, c) => {
        const k = r.trace.steps.findIndex((s) => c >= s.charStart && c < s.charEnd);
        return k < 0 ? null : 0.2 + 0.3 * k + 0.1 * i;
      }),
    );
    expect(last).toBeGreaterThan(0);
    const w = tokenWeights(
      'prm',
      rollouts,
      scores.map((row, i) => run(rollouts[i].trace, row, null)),
      groups,
    );
    const filled = scores.map((row) => row.map((v, t) => v ?? row.slice(0, t).findLast((x) => x !== null) ?? 0.2));
    // The end-of-text slot lies after the last step: it starts with that step's score, as every token after a step does.
    expect(w).toEqual(
      qrmReinforceRewards(
        filled.map((row) => [...row, row[row.length - 1]]),
        { subMean: true, eosRescore: true },
      ).rewards,
    );
  });

  it('CAPO: the voted wrong steps and the outcome as token rewards, token-pooled in the group (methods.md §4.5–4.6)', () => {
    // Three of four critiques call the wrong answer's last step wrong; the right answer's critiques call nothing wrong.
    const reads = [{ critiques: [[], [], null, []] }, { critiques: [[last], [last], [0, last], []] }];
    const w = tokenWeights('capo', rollouts, reads, groups);
    const steps = (t: typeof right) => [...tokenStepIndex(t.steps, characterTokens(t.response)), -1];
    const rewards = [capoTokenRewards(steps(right), [], true), capoTokenRewards(steps(wrong), [last], false)];
    expect(new Set(rewards[1])).toEqual(new Set([0, -1]));
    expect(w).toEqual(capoAdvantages(rewards).advantages);
  });

  it('the weighted LM objective is REINFORCE’s loss −mean(r·log π) over the rows with a target', () => {
    // Two sequences of 3 and 2 scored rows (row 3 has no target), two-token vocabulary, the rewards of methods.md §2.6.
    const logits = Float64Array.from([0.1, -0.4, 1.3, 0.2, -0.9, 0.7, 0.5, 0.0, -0.2, 1.1, 0.3, -0.6]);
    const targets = Int32Array.from([1, 0, 1, -1, 0, 1]);
    const weights = Float64Array.from([1.093216, 2.186433, 0.546608, 9, -1.093216, -0.182203]);
    const { loss } = applyObjective({ kind: 'lm', targets, weights }, logits, new Float64Array(logits.length), 2, 6);
    const logp = (r: number) => {
      const [a, b] = [logits[2 * r], logits[2 * r + 1]];
      return logits[2 * r + targets[r]] - (Math.max(a, b) + Math.log1p(Math.exp(-Math.abs(a - b))));
    };
    const want = reinforceLoss(
      [
        [1.093216, 2.186433, 0.546608],
        [-1.093216, -0.182203],
      ],
      [
        [logp(0), logp(1), logp(2)],
        [logp(4), logp(5)],
      ],
    );
    expect(loss).toBeCloseTo(want, 12);
  });
});
