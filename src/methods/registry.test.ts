import { afterEach, describe, expect, it } from 'vitest';
import { defaultStepTau, isTokenLevel } from '../eval/stepVerdicts';
import { METHODS, parseWorkbenchCard } from '../model/modelCard';
import { openNodeModel } from '../runtime/nodeModel';
import { scoreTraces } from '../runtime/scoring';
import { GALLERY } from '../state/gallery';
import { rowView } from '../ui/rowView';
import { need, type MethodSpec } from './method';
import { LOGPROB_METHOD } from './logprobs';
import { READERS } from './readers';
import { METHOD_REGISTRY, RUN_METHODS, methodSpec, type RunMethod } from './registry';
import { SETTINGS } from './settings';
import { readFileSync } from 'node:fs';

/** A throwaway method: the negated token value is the credit, its step threshold is −1. */
const FAKE: MethodSpec = {
  name: 'Fake',
  label: 'negated token value (a test method)',
  credit: 'signed',
  tokenLevel: true,
  stepScores: 'higher-is-right',
  stepThreshold: { value: -1, from: 'the test' },
  onCard: true,
  reads: ['token-scalar'],
  settings: [],
  score: (read) => {
    const z = need(read.token, 'token values');
    return { tokenScores: z.map((v) => -v), stepScores: null, traceScore: -z[z.length - 1], raw: read.raw };
  },
};
const registry = METHOD_REGISTRY as Record<string, MethodSpec>;

describe('the method registry', () => {
  afterEach(() => void delete registry.fake);

  it('declares every method once, with the step thresholds and readers the methods define', () => {
    expect(RUN_METHODS).toEqual(['qrm', 'pqm', 'orm', 'cls-prm', 'implicit-prm', 'capo-critic', 'logprob', 'channel']);
    expect(METHODS).toEqual(RUN_METHODS.filter((m) => m !== 'logprob' && m !== 'channel'));
    const tau = Object.fromEntries(RUN_METHODS.map((m) => [m, defaultStepTau(m)]));
    expect(tau).toEqual({
      qrm: SETTINGS['qrm.stepThreshold'].default,
      pqm: SETTINGS['pqm.threshold'].default,
      orm: undefined,
      'cls-prm': SETTINGS['processBench.tau'].default,
      'implicit-prm': 0,
      'capo-critic': undefined,
      logprob: undefined,
      channel: undefined,
    });
    expect(RUN_METHODS.filter(isTokenLevel)).toEqual(['qrm', 'implicit-prm', 'logprob', 'channel']);
    for (const m of RUN_METHODS) {
      const spec = methodSpec(m);
      expect(spec.label.length, m).toBeGreaterThan(10);
      for (const meaning of spec.reads) expect(READERS[meaning], `${m} reads ${meaning}`).toBeDefined();
      for (const s of spec.settings) expect(SETTINGS[s], `${m}: ${s}`).toBeDefined();
    }
  });

  it('takes a new method as one entry: it flows to a ScoreRun, a row label and a step threshold', async () => {
    registry.fake = FAKE;
    const method = 'fake' as RunMethod;
    const card = parseWorkbenchCard(JSON.parse(readFileSync('models/tiny-random-qrm/workbench.json', 'utf8')));
    const trace = GALLERY[0].trace;
    const [own] = await scoreTraces(await openNodeModel('models', card.id), [trace], 'node');
    const [fake] = await scoreTraces(
      await openNodeModel('models', card.id, { card: { ...card, method: method as 'qrm' } }),
      [trace],
      'node',
    );
    expect(fake.method).toBe('fake');
    expect(fake.tokenScores).toEqual(own.tokenScores.map((v) => -(v ?? NaN)));
    expect(fake.traceScore).toBe(-(own.raw.z.at(-1) ?? NaN));
    expect(rowView(fake, { normalization: 'raw', palette: 'RdBu', dark: false, stretch: false }).label).toBe(FAKE.label);
    expect(defaultStepTau(method)).toBe(-1);
  });

  it('refuses a card whose method cannot read its output, and says which methods can', async () => {
    const card = parseWorkbenchCard(JSON.parse(readFileSync('models/tiny-random-qrm/workbench.json', 'utf8')));
    const runner = await openNodeModel('models', card.id, { card: { ...card, method: 'pqm' } });
    const trace = GALLERY[0].trace;
    await expect(scoreTraces(runner, [trace], 'node')).rejects.toThrow('method "pqm" cannot read a "token-scalar" output; qrm, orm can.');
  });

  it('does not compile a method without a label or a step threshold', () => {
    const withoutLabel: Omit<MethodSpec, 'label'> = LOGPROB_METHOD;
    const withoutThreshold: Omit<MethodSpec, 'stepThreshold'> = LOGPROB_METHOD;
    // @ts-expect-error a method must say what its per-token value is
    const incomplete: MethodSpec = withoutLabel;
    // @ts-expect-error a method must give its step threshold, or null for none
    const noThreshold: MethodSpec = withoutThreshold;
    expect(noThreshold.name).toBe('log-prob');
    expect(incomplete.name).toBe('log-prob');
  });
});
