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

/**
 * What the shipped arith-qrm reaches (issue 4 asked for ≥ 0.9 of rejected traces with their lowest credit in the first
 * wrong span). It does not: a 3-layer, width-64 model trained for 600 steps localises no better than chance, which is
 * about one wrong character in 40–70. Why, from the experiments in the closing note of issue 4: with the same backbone,
 * dense per-character labels (an oracle upper bound the Q-RM loss never sees) reached token AUROC 0.91 but put the
 * minimum in the first wrong span only 27 % of the time after 1,200 steps; so the limit is the model's size and
 * training length within the 45-minute budget, more than the loss. The pair-level signal it does learn is asserted.
 */
const REACHED = { pairAccuracy: 0.58, minInFirstWrongSpan: 0.01 };

describe('shipped arith-qrm (the headline method)', () => {
  it('ranks held-out pairs above chance; its lowest credit lands in the first wrong span only at chance level', async () => {
    const cfg = parseHfConfig(JSON.parse(readFileSync(join(models, 'arith-policy/config.json'), 'utf8')));
    const tok = charTokenizer(charVocab());
    // Problems the trainer never saw (the report's own range, offset so this is a fresh draw).
    const pairs = await heldOutPairs(await lmSession(load('arith-policy')), cfg, tok, SEEDS.report + 50_000, 120);
    const qrm = await ort.InferenceSession.create(load('arith-qrm'));
    const m = await qrmMetrics(qrm, tok, pairs, pairs.slice(0, 40));
    expect(pairs.length).toBe(120);
    expect(m.pairAccuracy).toBeGreaterThanOrEqual(REACHED.pairAccuracy);
    expect(m.minInFirstWrongSpan).toBeGreaterThanOrEqual(REACHED.minInFirstWrongSpan);
  }, 120_000);
});
