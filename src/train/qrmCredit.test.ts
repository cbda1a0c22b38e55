import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { charTokenizer } from '../model/charTokenizer';
import { charVocab, parseHfConfig } from '../model/hfFiles';
import { qrmMetrics } from './evaluate';
import { lmSession } from './ortGenerate';
import { SEEDS } from './recipe';
import { heldOutPairs } from './report';

const models = join(import.meta.dirname, '../../models');
const load = (id: string) => readFileSync(join(models, id, 'onnx/model.onnx'));
/** What the shipped arith-qrm reached on this check; see models/README.md and the closing note of issue 4. */
const MIN_IN_FIRST_WRONG_SPAN = 0.9;

describe('shipped arith-qrm (the headline method)', () => {
  it('puts its lowest credit inside the first wrong span of the rejected trace on held-out pairs', async () => {
    const cfg = parseHfConfig(JSON.parse(readFileSync(join(models, 'arith-policy/config.json'), 'utf8')));
    const tok = charTokenizer(charVocab());
    // Problems the trainer never saw (the report's own range, offset so this is a fresh draw).
    const pairs = await heldOutPairs(await lmSession(load('arith-policy')), cfg, tok, SEEDS.report + 50_000, 120);
    const qrm = await ort.InferenceSession.create(load('arith-qrm'));
    const m = await qrmMetrics(qrm, tok, pairs, pairs.slice(0, 40));
    expect(pairs.length).toBe(120);
    expect(m.minInFirstWrongSpan).toBeGreaterThanOrEqual(MIN_IN_FIRST_WRONG_SPAN);
    expect(m.pairAccuracy).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
