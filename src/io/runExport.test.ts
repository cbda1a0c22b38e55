import { describe, expect, it } from 'vitest';
import { makeArithTrace } from '../arith/traces';
import { APP_VERSION } from '../domain/appVersion';
import type { ScoreRun } from '../methods/scoreRun';
import { newLabels } from '../domain/stepLabels';
import { csvField, exportedLabels, parseViewExport, stepsCsv, tokensCsv, viewExport, viewExportJson } from './runExport';

const trace = makeArithTrace(31, 'arithmetic-slip');
let at = 0;
const tokens = [...trace.response].map((ch, i) => ({ id: i, text: ch, charStart: at, charEnd: (at += ch.length), special: false }));
const run: ScoreRun = {
  traceId: trace.id,
  modelId: 'm',
  method: 'qrm',
  device: 'wasm',
  dtype: 'float32',
  tokens,
  tokenScores: tokens.map((_, i) => i / 10),
  stepScores: trace.steps.map((_, k) => 0.5 - k),
  traceScore: 1,
  raw: { z: [1, 2] },
  timingMs: { tokenize: 1, run: 2, total: 3 },
  bytesRead: 8,
  appVersion: APP_VERSION,
};

describe('exports', () => {
  it('carries the person’s step labels, which read back as the label store keeps them', () => {
    const labels = { ...newLabels(trace, 5), ratings: trace.steps.map((_, k) => (k === 0 ? 1 : k === 1 ? -1 : null)), note: 'slip' };
    const back = parseViewExport(viewExportJson(trace, [run], new Date(), labels));
    expect(back.myLabels).toEqual({ ratings: labels.ratings, note: 'slip' });
    expect(exportedLabels(back, 5)).toEqual(labels);
    expect(parseViewExport(viewExportJson(trace, [run])).myLabels).toBeUndefined();
    const bad = JSON.parse(viewExportJson(trace, [run], new Date(), labels)) as Record<string, unknown>;
    expect(() => parseViewExport(JSON.stringify({ ...bad, myLabels: { ratings: [2], note: '' } }))).toThrow(/"myLabels"/);
  });

  it('JSON round-trips the trace and the runs, and names what is wrong in a bad file', () => {
    const back = parseViewExport(viewExportJson(trace, [run]));
    expect(back.runs).toEqual([run]);
    expect(back.trace.firstErrorStep).toBe(trace.firstErrorStep);
    // An export written before the 0-based fields were renamed still reads.
    expect(parseViewExport(JSON.stringify(viewExport(trace, [run]))).trace.firstErrorStep).toBe(trace.firstErrorStep);
    expect(back.trace.steps).toEqual(trace.steps.map((s) => ({ ...s })));
    expect(back.models).toEqual([{ id: 'm', method: 'qrm', device: 'wasm' }]);
    expect(() => parseViewExport('{')).toThrow(/not JSON/);
    expect(() => parseViewExport('{"format":"x"}')).toThrow(/not a CreditLens export/);
    const broken = { ...viewExport(trace, [run]), runs: [{ ...run, tokenScores: [1] }] };
    expect(() => parseViewExport(JSON.stringify(broken))).toThrow(/runs\[0\]/);
  });

  it('CSV quotes what needs quoting and stamps the app version and each model with its backend', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField(null)).toBe('');
    const t = tokensCsv(trace, [run]);
    expect(t.split('\r\n')[0]).toBe(`# CreditLens ${APP_VERSION}; m on wasm`);
    expect(t.split('\r\n')).toHaveLength(2 + tokens.length + 1);
    const s = stepsCsv(trace, [run]).split('\r\n');
    expect(s[2]).toBe(`m,qrm,wasm,1,${trace.steps[0].text},correct,0.5`);
    expect(s[3]).toContain(',wrong,-0.5');
  });

  it('names every 0-based step index as one in the JSON file, CAPO’s included, and reads them back', () => {
    const capoRun: ScoreRun = {
      ...run,
      method: 'capo-critic',
      capo: {
        critiques: [
          { text: 'Wrong steps: [1]', wrongSteps: [1] },
          { text: '?', wrongSteps: null },
        ],
        votes: { counts: [0, 1, 0], voters: 1, abstained: 1, wrong: [1] },
        outcome: false,
      },
    };
    const text = viewExportJson(trace, [capoRun]);
    const file = JSON.parse(text) as { trace: Record<string, unknown>; runs: { capo: { critiques: object[]; votes: object } }[] };
    expect(file.trace.firstErrorStepIndex).toBe(trace.firstErrorStep);
    expect(file.trace).not.toHaveProperty('firstErrorStep');
    expect(file.runs[0].capo.critiques[0]).toEqual({ text: 'Wrong steps: [1]', wrongStepIndices: [1] });
    expect(file.runs[0].capo.votes).toEqual({ counts: [0, 1, 0], voters: 1, abstained: 1, wrongStepIndices: [1] });
    expect(parseViewExport(text).runs).toEqual([capoRun]);
  });
});
