/** npm run labels: two PRM800K label files of the same solutions, κ as worked by hand (methods.md §6). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareLabelFiles } from './labels';

/** A PRM800K record of one solution whose steps carry these ratings (1 right, 0 neutral, −1 wrong). */
const record = (problem: string, ratings: number[]) => ({
  question: { problem, ground_truth_answer: '1' },
  label: {
    steps: ratings.map((rating, k) => ({ completions: [{ text: `${problem}: step ${k + 1}`, rating }], chosen_completion: 0 })),
    finish_reason: 'solution',
  },
});

describe('npm run labels', () => {
  it('gives κ = 9/19 on the worked example, split over two solutions, and names each disagreement', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditlens-labels-'));
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    writeFileSync(a, [record('p1', [1, 1, -1, 1, -1]), record('p2', [0, 1, 1, -1, 1])].map((r) => JSON.stringify(r)).join('\n'));
    writeFileSync(b, [record('p1', [1, -1, -1, 1, 1]), record('p2', [0, 1, 1, -1, -1])].map((r) => JSON.stringify(r)).join('\n'));
    const r = await compareLabelFiles(a, b);
    expect(r).toMatchObject({ compared: 10, agreed: 7, unmatched: 0 });
    expect(r.kappa).toBeCloseTo(9 / 19, 12);
    expect(r.disagreements.map((d) => [d.step, d.a, d.b])).toEqual([
      [2, 'correct', 'wrong'],
      [5, 'wrong', 'correct'],
      [5, 'correct', 'wrong'],
    ]);
  });
});
