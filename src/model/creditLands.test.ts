/**
 * Where the shipped models put the credit, on the page's own traces: the gallery's one trace per mistake kind (seeds
 * fixed before the models were trained), Teach lesson 3's pair and lesson 5's default setting.
 */
import { describe, expect, it } from 'vitest';
import { CORRUPTIONS } from '../arith/corrupt';
import { formatResponse } from '../arith/format';
import { solve } from '../arith/problem';
import { arithTrace } from '../arith/traces';
import { parseModelIndex } from '../domain/modelCard';
import { foundMistake } from '../domain/stepVerdicts';
import { openNodeModel } from '../cli/nodeModel';
import { scoreTraces } from '../runtime/scoring';
import { GALLERY } from '../state/gallery';
import { DEFAULT_TEACH } from '../state/teach';
import { voteLesson } from '../teach/lessonMath';
import { LESSON_TRACE_KINDS, LESSONS } from '../teach/lessons';
import { readFileSync } from 'node:fs';

const kindTraces = CORRUPTIONS.map((kind) => {
  const g = GALLERY.find((item) => item.id.startsWith(`${kind}-`));
  if (!g) throw new Error(`the gallery has no ${kind} trace`);
  return g.trace;
});
const galleryItem = (kind: string) => GALLERY.find((g) => g.id.startsWith(`${kind}-`)) ?? GALLERY[0];
const rewardModels = parseModelIndex(JSON.parse(readFileSync('models/index.json', 'utf8')))
  .models.filter((m) => m.id.startsWith('arith-') && m.role === 'reward')
  .map((m) => m.id);

describe('credit lands on the mistake (shipped models, gallery traces)', () => {
  for (const id of ['arith-qrm', 'arith-pqm', 'arith-prm']) {
    it(`${id} finds the first mistake on at least 5 of the 6 kinds`, async () => {
      const runs = await scoreTraces(await openNodeModel('models', id), kindTraces, 'node');
      const found = kindTraces.map((t, i) => foundMistake(t, runs[i]));
      expect(found.every((f) => f !== null)).toBe(true);
      expect(found.filter(Boolean).length, `${id}: ${CORRUPTIONS.filter((_, i) => !found[i]).join(', ')} missed`).toBeGreaterThanOrEqual(5);
    });
  }

  it('every reward model prefers the chosen answer of Teach lesson 3’s pair', async () => {
    expect(rewardModels.length).toBeGreaterThanOrEqual(7);
    const g = galleryItem(LESSON_TRACE_KINDS.qrm);
    const chosen = arithTrace('qrm-chosen', g.problem, formatResponse(solve(g.problem), g.problem.answer));
    expect(chosen.firstErrorStep).toBe(-1);
    for (const id of rewardModels) {
      const [c, r] = await scoreTraces(await openNodeModel('models', id), [chosen, g.trace], 'node');
      expect(c.traceScore ?? NaN, id).toBeGreaterThan(r.traceScore ?? NaN);
    }
  });

  it('lesson 5 at its default setting agrees with its own check answer', () => {
    const lesson = LESSONS.find((l) => l.widget === 'capo');
    const rows = voteLesson(galleryItem(LESSON_TRACE_KINDS.capo).trace, DEFAULT_TEACH.n, DEFAULT_TEACH.noise, 1);
    const answer = lesson?.check.options[lesson.check.answer].toLowerCase();
    expect(answer).toBe('majority');
    expect(rows.at(-1)?.finds.majority).toBe(true);
  });
});
