import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { charTokenizer } from '../model/charTokenizer';
import { charVocab } from '../model/hfFiles';
import { PQM_TAG } from '../domain/steps';
import { ormMetrics, qrmMetrics, stepModelMetrics } from '../train/evaluate';
import { lmSession } from '../train/ortGenerate';
import { parseHfConfig } from '../model/hfFiles';
import { heldOutPairs } from '../train/report';
import { SEEDS } from '../train/recipe';
import { arithSetLines } from './arithSet';
import { evaluateFile } from './eval';

const session = (id: string) => ort.InferenceSession.create(readFileSync(`models/${id}/onnx/model.onnx`), { intraOpNumThreads: 1 });
const row = (rows: Awaited<ReturnType<typeof evaluateFile>>['rows'], model: string) => {
  const r = rows.find((x) => x.model === model);
  if (!r) throw new Error(`no row for ${model}`);
  return r.metrics;
};

describe('npm run eval', () => {
  it('reproduces the report’s numbers on the report’s kind of held-out set (the trainer’s own evaluation code)', async () => {
    const first = SEEDS.report + 500;
    const count = 24;
    const dir = mkdtempSync(join(tmpdir(), 'creditlens-eval-'));
    const file = join(dir, 'arith.jsonl');
    writeFileSync(file, (await arithSetLines('models', first, count)).join('\n') + '\n');
    const tau = -3;
    const { rows, failures, items } = await evaluateFile(file, {
      models: ['arith-qrm', 'arith-orm', 'arith-pqm', 'arith-prm'],
      tau: { 'arith-qrm': tau },
    });
    expect(items).toBe(count);
    expect(failures).toEqual([]);

    const policyDir = 'models/arith-policy';
    const cfg = parseHfConfig(JSON.parse(readFileSync(`${policyDir}/config.json`, 'utf8')));
    const pairs = await heldOutPairs(
      await lmSession(readFileSync(`${policyDir}/onnx/model.onnx`)),
      cfg,
      charTokenizer(charVocab()),
      first,
      count,
    );
    const tok = charTokenizer(charVocab());
    const tagTok = charTokenizer(charVocab(undefined, [PQM_TAG]));

    // The report picks τ on validation pairs; handing it the same pairs and comparing at its τ checks the same code path.
    const qrm = await qrmMetrics(await session('arith-qrm'), tok, pairs, pairs);
    const atTau = await evaluateFile(file, { models: ['arith-qrm'], tau: { 'arith-qrm': qrm.tau } });
    const q = row(atTau.rows, 'arith-qrm');
    expect(q.pairwise?.accuracy).toBeCloseTo(qrm.pairAccuracy, 10);
    expect(q.tokenAuroc?.mean).toBeCloseTo(qrm.tokenAuroc, 6);
    expect(q.processBench?.score.f1).toBeCloseTo(qrm.firstError.f1 ?? NaN, 6);
    expect(row(rows, 'arith-qrm').processBench?.tau).toBe(tau);

    expect(row(rows, 'arith-orm').pairwise?.accuracy).toBeCloseTo(
      (await ormMetrics(await session('arith-orm'), tok, pairs)).pairAccuracy,
      10,
    );
    for (const id of ['arith-pqm', 'arith-prm']) {
      const report = await stepModelMetrics(await session(id), tagTok, pairs);
      const mine = row(rows, id).processBench?.score;
      expect([mine?.accErr, mine?.accCorr]).toEqual([report.firstError.accErr, report.firstError.accCorr]);
    }
  });

  it('imports the Q-RM GSM8K pairs and reports pairwise accuracy; untokenizable characters are named per trace', async () => {
    const { rows, failures, items } = await evaluateFile('../shared/data/qrm-gsm8k-pairwise-300.jsonl', {
      models: ['arith-orm'],
      limit: 40,
    });
    expect(items).toBe(40);
    const m = row(rows, 'arith-orm');
    expect(m.pairwise?.pairs).toBeGreaterThan(0);
    expect(m.pairwise?.accuracy).toBeGreaterThanOrEqual(0);
    expect(m.scored + m.failed).toBe(80);
    for (const f of failures) expect(f.message).toMatch(/cannot encode|reads at most/);
  });
});
