import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { charTokenizer } from '../model/charTokenizer';
import { charVocab, parseHfConfig } from '../model/hfFiles';
import { creditMetrics, scorePairs } from '../train/creditEval';
import { heldOutPairs } from '../train/heldOut';
import { lmSession } from '../train/ortGenerate';
import { SEEDS } from '../train/recipe';
import { arithSetLines } from './arithSet';
import { evaluateFile } from './eval';
import { openNodeModel } from '../runtime/nodeModel';
import { hasShared, SHARED } from '../testing/fixtures';
import { importDataset } from '../io/importDataset';
import { datasetTraces, metricsFromOutcomes } from '../eval/datasetMetrics';
import { critique } from '../runtime/critique';
import { DEFAULT_CAPO } from '../methods/capo';
import { fileChunks } from './fileChunks';

const row = (rows: Awaited<ReturnType<typeof evaluateFile>>['rows'], model: string) => {
  const r = rows.find((x) => x.model === model);
  if (!r) throw new Error(`no row for ${model}`);
  return r.metrics;
};

describe('npm run eval', () => {
  it('reproduces the report’s numbers on the report’s kind of held-out set (the report’s own evaluation code)', async () => {
    const first = SEEDS.report + 500;
    const count = 24;
    const dir = mkdtempSync(join(tmpdir(), 'creditlens-eval-'));
    const file = join(dir, 'arith.jsonl');
    writeFileSync(file, (await arithSetLines('models', first, count)).join('\n') + '\n');
    const tau = -3;
    const models = ['arith-qrm', 'arith-orm', 'arith-pqm', 'arith-prm'];
    const { rows, failures, items } = await evaluateFile(file, { models, tau: { 'arith-qrm': tau } });
    expect(items).toBe(count);
    expect(failures).toEqual([]);
    expect(row(rows, 'arith-qrm').processBench?.tau).toBe(tau);

    const cfg = parseHfConfig(JSON.parse(readFileSync('models/arith-policy/config.json', 'utf8')));
    const pairs = await heldOutPairs(
      await lmSession(readFileSync('models/arith-policy/onnx/model.onnx')),
      cfg,
      charTokenizer(charVocab()),
      first,
      count,
    );
    for (const id of models) {
      const report = creditMetrics(pairs, await scorePairs(await openNodeModel('models', id), pairs), id === 'arith-qrm' ? tau : undefined);
      const mine = row(rows, id);
      expect(mine.pairwise?.accuracy, id).toBeCloseTo(report.pairAccuracy ?? NaN, 10);
      if (id !== 'arith-orm') {
        expect(mine.tokenAuroc?.mean, id).toBeCloseTo(report.tokenAuroc ?? NaN, 6);
        expect((mine.processBench?.score.f1 ?? NaN) / 100, id).toBeCloseTo(report.f1 ?? NaN, 6);
      }
    }
  });

  it('votes a critic’s reviews in batches to the metrics that one trace at a time gives', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'creditlens-eval-'));
    const file = join(dir, 'arith.jsonl');
    writeFileSync(file, (await arithSetLines('models', SEEDS.report + 700, 4)).join('\n') + '\n');
    const { rows, failures } = await evaluateFile(file, { models: ['arith-critic'] });
    expect(failures).toEqual([]);
    const { items } = await importDataset('arith.jsonl', fileChunks(file));
    const critic = await openNodeModel('models', 'arith-critic');
    const options = { n: 4, temperature: 1, seed: 1, maxTokens: 160 };
    const alone = new Map<string, { run: Awaited<ReturnType<typeof critique>>; truncated: boolean }>();
    for (const t of datasetTraces(items))
      alone.set(t.id, { run: await critique(critic, t, options, DEFAULT_CAPO, 'node'), truncated: false });
    const mine = row(rows, 'arith-critic');
    expect(mine.processBench?.score).toEqual(metricsFromOutcomes(items, alone).processBench?.score);
    expect(mine.scored).toBe(8);
  }, 300_000);

  // Only where ../shared sits beside the checkout (CI): a plain clone has no third-party data.
  it.runIf(hasShared)('imports the Q-RM GSM8K pairs and reports pairwise accuracy; every trace is scored or says why not', async () => {
    const { rows, failures, items } = await evaluateFile(join(SHARED, 'data/qrm-gsm8k-pairwise-300.jsonl'), {
      models: ['arith-orm'],
      limit: 40,
    });
    expect(items).toBe(40);
    const m = row(rows, 'arith-orm');
    expect(m.pairwise?.pairs).toBeGreaterThan(0);
    expect(m.pairwise?.accuracy).toBeGreaterThanOrEqual(0);
    expect(m.scored + m.failed).toBe(80);
    for (const f of failures) expect(f.message).toMatch(/reads at most/);
  });
});
