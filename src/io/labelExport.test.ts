/** A person's labels written as PRM800K, ProcessBench and TRL stepwise, and read back by the dataset importers. */
import { describe, expect, it } from 'vitest';
import { firstWrongOf, labelKey, labelledTrace, newLabels, ratingsForFirstWrong, type TraceLabels } from '../domain/stepLabels';
import { fromStepList } from '../domain/steps';
import type { Trace } from '../domain/trace';
import { datasetTraces } from '../eval/datasetMetrics';
import { importDataset } from './importDataset';
import { textChunks } from './jsonRecords';
import { exportLabels, type LabelFormat } from './labelExport';

const trace = (id: string, problem: string, stepTexts: string[]): Trace => {
  const { response, steps } = fromStepList(stepTexts, '\n');
  return { id, source: 'typed', problem, response, steps, meta: {} };
};
const labelled = (t: Trace, ratings: TraceLabels['ratings'], note = ''): TraceLabels => ({
  ...newLabels(t, 1_700_000_000_000),
  ratings,
  note,
});

const A = labelled(trace('a', 'What is 2+3*4?', ['3*4 = 12', '2+12 = 15', 'Answer: 15']), [1, -1, null], 'carry slip');
const B = labelled(trace('b', 'What is 6*7?', ['6*7 = 42', 'Check: 42/7 = 6', 'Answer: 42']), [1, 0, 1]);
const C = labelled(trace('c', 'What is 9-4?', ['9-4 = 5', 'Answer: 5']), [null, 1]);
const D = labelled(trace('d', 'What is 1+1?', ['1+1 = 2']), [null]);

const readBack = async (text: string, format: LabelFormat) =>
  datasetTraces((await importDataset('labels', textChunks(text, 64), { format })).items);

describe('step labels', () => {
  it('the first mistake is known once every step before a wrong one is rated, or every step is rated', () => {
    expect(firstWrongOf([1, -1, null])).toBe(1);
    expect(firstWrongOf([1, 0, 1])).toBe(-1);
    expect(firstWrongOf([null, 1])).toBeNull();
    expect(firstWrongOf([1, null, -1])).toBeNull();
    expect(ratingsForFirstWrong(4, 2)).toEqual([1, 1, -1, null]);
    expect(ratingsForFirstWrong(2, -1)).toEqual([1, 1]);
    expect(labelledTrace(A)).toMatchObject({ firstErrorStep: 1, meta: { note: 'carry slip' } });
    expect(labelledTrace(A).steps.map((s) => s.label)).toEqual(['correct', 'wrong', undefined]);
  });

  it('are kept under a key of the text alone', () => {
    expect(labelKey('p', 'r')).toBe(labelKey('p', 'r'));
    expect(labelKey('p', 'r')).not.toBe(labelKey('p', 'r '));
    expect(labelKey('ab', 'c')).not.toBe(labelKey('a', 'bc'));
  });

  it('PRM800K: ratings stop at the first wrong step, unrated steps stay unrated, and the importer reads them back', async () => {
    const out = exportLabels([A, B, C, D], 'prm800k');
    // D has no rating at all: nothing to write, and nothing to explain.
    expect(out).toMatchObject({ written: 3, left: [] });
    const lines = out.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].label).toMatchObject({ finish_reason: 'found_error' });
    expect(lines[0].label.steps.map((s: { completions: { rating: number }[] }) => s.completions[0].rating)).toEqual([1, -1]);
    expect(lines[0].creditlens_note).toBe('carry slip');
    const back = await readBack(out.text, 'prm800k');
    expect(back.map((t) => [t.id, t.firstErrorStep, t.steps.map((s) => s.label)])).toEqual([
      ['a', 1, ['correct', 'wrong']],
      ['b', -1, ['correct', 'neutral', 'correct']],
      ['c', undefined, [undefined, 'correct']],
    ]);
    expect(back[0].problem).toBe(A.problem);
  });

  it('ProcessBench: the first wrong step or −1; a trace whose first mistake is unknown is named, not guessed', async () => {
    const out = exportLabels([A, B, C], 'processbench');
    expect(out.written).toBe(2);
    expect(out.left).toEqual([{ traceId: 'c', reason: 'ProcessBench needs the first wrong step, or every step rated right or neutral' }]);
    const back = await readBack(out.text, 'processbench');
    expect(back.map((t) => [t.id, t.firstErrorStep, t.steps.map((s) => s.text)])).toEqual([
      ['a', 1, A.steps.map((s) => s.text)],
      ['b', -1, B.steps.map((s) => s.text)],
    ]);
  });

  it('TRL stepwise: true or false per step up to the first wrong one, a neutral step true', async () => {
    const out = exportLabels([A, B, C], 'trl-stepwise');
    expect(out.written).toBe(2);
    expect(
      out.text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).labels),
    ).toEqual([
      [true, false],
      [true, true, true],
    ]);
    const back = await readBack(out.text, 'trl-stepwise');
    expect(back.map((t) => [t.id, t.firstErrorStep])).toEqual([
      ['a', 1],
      ['b', -1],
    ]);
  });
});
