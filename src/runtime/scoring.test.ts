import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { makeArithSet, makeArithTrace } from '../arith/traces';
import { APP_VERSION } from '../domain/appVersion';
import { stepTokenRanges, tokenStepIndex } from '../domain/stepTokens';
import { capoTokenRewards, voteWrongSteps, capoRun, DEFAULT_CAPO } from '../methods/capo';
import { tokenLogProbs } from '../methods/logprobs';
import { qrmSequenceScore, qrmStepScores } from '../methods/qrm';
import { sigmoid } from '../methods/numeric';
import { charTokenizer } from '../model/charTokenizer';
import { forward } from '../model/forward';
import { charVocab, parseHfConfig } from '../model/hfFiles';
import { gpt2Architecture } from '../model/architecture';
import { readOnnxWeights } from '../model/onnxWeights';
import { PQM_TAG } from '../domain/steps';
import { oracleCritiques } from '../methods/oracleCritic';
import { readoutText, scoredText, taggedText } from '../learn/arithData';
import { logSoftmaxAt } from '../methods/logprobs';
import { prefixSoftminQ, softminOptions, softminOutcome } from '../methods/lmReadout';
import { parseWorkbenchCard } from '../model/modelCard';
import { initWeights } from '../model/init';
import { exportOnnx } from '../model/onnxExport';
import { tokenizerJson } from '../model/hfFiles';
import { withReducedLogprobs } from './logprobGraph';
import { ModelRunner } from './modelRunner';
import { tokenizerFromJson } from './tokenizer';
import { openNodeModel } from './nodeModel';
import { critique } from './critique';
import { encodeTrace, scoreTraces } from './scoring';
import { implicitPrmRun } from '../methods/implicitPrm';

const root = join(import.meta.dirname, '../..');
const models = join(root, 'models');
const traces = makeArithSet(4_242_000, 14);
const open = (id: string) => openNodeModel(models, id);
function need<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

/** The TS forward pass of a shipped model on one id sequence: [positions × width]. */
function tsForward(runner: ModelRunner, ids: number[]): Float32Array {
  const config = parseHfConfig(JSON.parse(readFileSync(join(models, runner.parts.card.id, 'config.json'), 'utf8')));
  const weights = readOnnxWeights(readFileSync(join(models, runner.parts.card.id, 'onnx/model.onnx')), config);
  return forward(config, weights, { inputIds: [ids] }).data;
}

describe('encodeTrace reads a trace exactly as the trainer wrote it', () => {
  it('a scalar-head Q-RM: prompt, response, EOS (scoredText)', async () => {
    const qrm = await open('arith-qrm-vhead');
    const tok = charTokenizer(charVocab());
    for (const t of traces) {
      const e = encodeTrace(qrm.parts.card, qrm.parts.tokenizer, t, false);
      const want = scoredText(tok, t);
      expect(e.ids).toEqual(want.ids);
      expect(e.positions[0]).toBe(want.responseStart);
      expect(e.tokens.map((s) => t.response.slice(s.charStart, s.charEnd)).join('')).toBe(t.response);
      expect(e.scored).toEqual(Array.from({ length: want.ids.length - want.responseStart }, (_, i) => want.responseStart + i));
    }
  });

  it('PQM with a value head: a space and [PRM] after every step (taggedText), tags at the same positions', async () => {
    const pqm = await open('arith-pqm-vhead');
    const tok = charTokenizer(charVocab(undefined, [PQM_TAG]));
    for (const t of traces) {
      const e = encodeTrace(pqm.parts.card, pqm.parts.tokenizer, t, false);
      const want = taggedText(tok, t);
      expect(e.ids).toEqual(want.ids);
      expect(e.tags).toEqual(want.tags);
    }
  });

  it('an LM-head reward model: BOS, prompt, response, EOS, each scored token read from the row before it (readoutText)', async () => {
    const qrm = await open('arith-qrm');
    const tok = charTokenizer(charVocab());
    for (const t of traces) {
      const e = encodeTrace(qrm.parts.card, qrm.parts.tokenizer, t, true);
      const want = readoutText(tok, t);
      expect(e.ids).toEqual(want.ids);
      expect(e.scored.map((p) => p - 1)).toEqual(want.rows);
    }
  });
});

describe('scoreTraces', () => {
  it('a scalar-head Q-RM: Z equals the TS forward pass, batched in buckets as one at a time, with step and sequence scores', async () => {
    const qrm = await open('arith-qrm-vhead');
    const batched = await scoreTraces(qrm, traces, 'node');
    for (const [i, t] of traces.entries()) {
      const run = batched[i];
      const e = encodeTrace(qrm.parts.card, qrm.parts.tokenizer, t, false);
      const ref = tsForward(qrm, e.ids);
      const z = e.scored.map((p) => ref[p]);
      // float32 sums of outputs that reach tens: compare relative to the output scale, as the shipped-model test does.
      const scale = Math.max(1, ...z.map(Math.abs));
      run.raw.z.forEach((v, k) => expect(Math.abs(v - z[k]) / scale).toBeLessThan(1e-5));
      expect(run.tokenScores).toEqual(run.raw.z.slice(0, run.tokens.length));
      expect(run.traceScore).toBeCloseTo(qrmSequenceScore(run.raw.z), 6);
      expect(run.stepScores).toEqual(qrmStepScores(run.raw.z.slice(0, run.tokens.length), stepTokenRanges(t.steps, run.tokens)));
      expect(run).toMatchObject({ traceId: t.id, modelId: 'arith-qrm-vhead', method: 'qrm', device: 'node', appVersion: APP_VERSION });
      const [alone] = await scoreTraces(qrm, [t], 'node');
      expect(alone.raw.z).toEqual(run.raw.z);
    }
  });

  it('PQM with a value head reads Q at the tags', async () => {
    const t = makeArithTrace(4_242_100, 'arithmetic-slip');
    const model = await open('arith-pqm-vhead');
    const [run] = await scoreTraces(model, [t], 'node');
    const e = encodeTrace(model.parts.card, model.parts.tokenizer, t, false);
    const ref = tsForward(model, e.ids);
    const want = e.tags.map((p) => ref[p]);
    const scale = Math.max(1, ...want.map(Math.abs));
    expect(run.stepScores).toHaveLength(t.steps.length);
    (run.stepScores ?? []).forEach((v, k) => expect(Math.abs(v - want[k]) / scale).toBeLessThan(1e-5));
    const owner = tokenStepIndex(t.steps, run.tokens);
    run.tokenScores.forEach((v, k) => expect(v).toBe(owner[k] >= 0 ? need(run.stepScores ?? undefined)[owner[k]] : null));
  });

  it('LM-head read-outs: Q-RM, PQM, the PRM and the ORM are src/methods/lmReadout on the TS forward pass’s log φ', async () => {
    const t = makeArithTrace(4_242_100, 'arithmetic-slip');
    const close = (a: readonly (number | null)[], b: readonly number[]) => {
      expect(a).toHaveLength(b.length);
      a.forEach((v, k) => expect(Math.abs((v ?? NaN) - b[k])).toBeLessThan(1e-4));
    };
    for (const id of ['arith-qrm', 'arith-pqm', 'arith-prm', 'arith-orm']) {
      const model = await open(id);
      const [run] = await scoreTraces(model, [t], 'node');
      const e = encodeTrace(model.parts.card, model.parts.tokenizer, t, true);
      const V = model.parts.config.vocabSize;
      const ref = tsForward(model, e.ids);
      const lp = e.scored.map((p) => logSoftmaxAt(ref, (p - 1) * V, V, e.ids[p]));
      const tokens = lp.slice(0, run.tokens.length);
      const options = softminOptions(model.parts.card.params);
      const q = prefixSoftminQ(tokens, stepTokenRanges(t.steps, run.tokens), options).q;
      if (id === 'arith-qrm') {
        close(run.tokenScores, tokens);
        close([run.traceScore], [qrmSequenceScore(lp)]);
      } else if (id === 'arith-orm') close([run.traceScore], [softminOutcome(lp, options).value]);
      else close(run.stepScores ?? [], id === 'arith-pqm' ? q : q.map(sigmoid));
      expect(run.method).toBe(model.parts.card.method);
    }
  });

  it('a DPO model opens its reference beside it: credit β·(log π − log π_ref), answer score the summed log-ratio', async () => {
    const t = makeArithTrace(4_242_100, 'arithmetic-slip');
    const dpo = await open('arith-dpo');
    expect(dpo.parts.reference?.parts.card.id).toBe('arith-policy');
    const [run] = await scoreTraces(dpo, [t], 'node');
    const [own] = await scoreTraces(await open('arith-policy'), [t], 'node');
    const beta = dpo.parts.card.params.beta;
    expect(run).toMatchObject({ modelId: 'arith-dpo', method: 'implicit-prm' });
    run.tokenScores.forEach((v, k) =>
      expect(Math.abs((v ?? NaN) - beta * (need(run.raw.policyLogprobs)[k] - own.raw.logprobs[k]))).toBeLessThan(1e-6),
    );
    expect(run.traceScore).toBeCloseTo(
      run.tokenScores.reduce<number>((s, v) => s + (v ?? 0), 0),
      6,
    );
  });

  it('an LM: log-probs through the reduced graph equal the full-logits reference, 8 bytes read per token', async () => {
    const policy = await open('arith-policy');
    const runs = await scoreTraces(policy, traces.slice(0, 5), 'node');
    for (const [i, run] of runs.entries()) {
      const e = encodeTrace(policy.parts.card, policy.parts.tokenizer, traces[i], true);
      const logits = tsForward(policy, e.ids);
      const all = tokenLogProbs(logits, policy.parts.config.vocabSize, e.ids, 1);
      e.positions.forEach((p, k) => expect(Math.abs(run.raw.logprobs[k] - (all[p - 1] ?? NaN))).toBeLessThan(1e-4));
      expect(run.tokenScores).toEqual(run.raw.logprobs);
      expect(run.raw.entropy.every((h) => h >= 0)).toBe(true);
    }
    const total = runs.reduce((s, r) => s + r.bytesRead, 0);
    const padded = traces.slice(0, 5).map((t) => encodeTrace(policy.parts.card, policy.parts.tokenizer, t, true).ids.length);
    // Two floats per padded position: O(T), never O(T·V).
    expect(total).toBeLessThanOrEqual(8 * 2 * padded.reduce((a, b) => a + b, 0));
  });
});

describe('CAPO', () => {
  it('arith-critic: N sampled critiques, parsed and voted, become the rewards of src/methods/capo', async () => {
    const critic = await open('arith-critic');
    const t = makeArithTrace(4_242_200, 'arithmetic-slip');
    const run = await critique(critic, t, { n: 4, temperature: 1, seed: 7, maxTokens: 120 }, DEFAULT_CAPO, 'node');
    const capo = need(run.capo);
    const cs = capo.critiques;
    expect(cs).toHaveLength(4);
    // A step-by-step review: one "Got: <step> <verdict>" line per step; the wrong steps are the ones it calls wrong.
    cs.forEach((c) => {
      const verdicts = [...c.text.matchAll(/^Got: .* (\S+)$/gm)].map((m) => m[1]);
      expect(verdicts).toHaveLength(t.steps.length);
      const read = verdicts.every((v) => v === 'ok' || v === 'wrong');
      expect(c.wrongSteps).toEqual(read ? verdicts.flatMap((v, k) => (v === 'wrong' ? [k] : [])) : null);
    });
    const votes = voteWrongSteps(
      cs.map((c) => c.wrongSteps),
      t.steps.length,
    );
    expect(capo.votes.wrong).toEqual(votes.wrong);
    expect(run.tokenScores).toEqual(capoTokenRewards(tokenStepIndex(t.steps, run.tokens), votes.wrong, t.finalCorrect === true));
    const again = await critique(critic, t, { n: 4, temperature: 1, seed: 7, maxTokens: 120 }, DEFAULT_CAPO, 'node');
    expect(need(again.capo).critiques).toEqual(cs);
  });

  it('the oracle critic: at noise 0 every critique names the true wrong steps; majority voting removes minority noise', () => {
    const t = makeArithTrace(4_242_300, 'carried-forward');
    const truth = t.steps.flatMap((s, k) => (s.label === 'wrong' ? [k] : []));
    expect(truth.length).toBeGreaterThan(0);
    expect(oracleCritiques(t, 4, 0, 1).every((c) => JSON.stringify(c.wrongSteps) === JSON.stringify(truth))).toBe(true);
    let single = 0;
    let majority = 0;
    for (let seed = 0; seed < 200; seed++) {
      const cs = oracleCritiques(t, 9, 0.2, seed);
      if (JSON.stringify(cs[0].wrongSteps) === JSON.stringify(truth)) single++;
      const run = capoRun(t, [], cs, DEFAULT_CAPO, {
        modelId: 'oracle',
        device: 'none',
        timingMs: { tokenize: 0, run: 0, total: 0 },
        bytesRead: 0,
      });
      if (JSON.stringify(need(run.capo).votes.wrong) === JSON.stringify(truth)) majority++;
    }
    expect(majority).toBeGreaterThan(single);
  });
});

describe('a vocabulary of 32k', () => {
  it('reads back 8 bytes per token instead of 4·V', async () => {
    const cfg = { nLayer: 1, nHead: 2, nEmbd: 16, vocabSize: 32768, nPositions: 64, head: 'lm' as const, layerNormEps: 1e-5 };
    const onnx = exportOnnx(cfg, initWeights(cfg, 3, 0.5));
    const card = parseWorkbenchCard({
      id: 'v32k',
      name: 'random 32k',
      role: 'policy',
      output: { name: 'logits', meaning: 'vocab-logits' },
      provenance: { how: 'random', data: 'none', steps: 0, seed: 3 },
    });
    const tokenizer = tokenizerFromJson('v32k', tokenizerJson(charVocab()), {});
    const runner = (bytes: Uint8Array) =>
      ort.InferenceSession.create(bytes).then(
        (session) => new ModelRunner({ ort, card, config: gpt2Architecture(cfg), session, tokenizer }),
      );
    const ids = Array.from({ length: 40 }, (_, i) => (i * 7919) % cfg.vocabSize);
    const { logprobs, bytesRead } = await (await runner(withReducedLogprobs(onnx))).logprobs([ids]);
    const full = await (await runner(onnx)).scalars([ids]);
    expect(full.width).toBe(cfg.vocabSize);
    const want = tokenLogProbs(full.rows[0], cfg.vocabSize, ids, 0);
    logprobs[0].forEach((v, t) => expect(Math.abs(v - (want[t + 1] ?? NaN))).toBeLessThan(1e-4));
    // Padded to the 64-token bucket: two floats per position against V floats per position.
    expect(bytesRead).toBe(2 * 4 * 64);
    expect(full.bytesRead).toBe(4 * cfg.vocabSize * 64);
  });
});

describe('the implicit PRM', () => {
  it('is β·(log π − log π_ref) of the policy and reference runs, with step sums', async () => {
    const t = makeArithTrace(4_242_400, 'wrong-operation');
    const [policy] = await scoreTraces(await open('arith-policy'), [t], 'node');
    const [reference] = await scoreTraces(await open('arith-policy-ref'), [t], 'node');
    const run = implicitPrmRun(t, policy, reference, { beta: 0.1 });
    run.tokenScores.forEach((r, k) => expect(r).toBeCloseTo(0.1 * (policy.raw.logprobs[k] - reference.raw.logprobs[k]), 9));
    const ranges = stepTokenRanges(t.steps, run.tokens);
    (run.stepScores ?? []).forEach((s, k) =>
      expect(s).toBeCloseTo(
        run.tokenScores.slice(ranges[k].start, ranges[k].end).reduce((a: number, b) => a + (b ?? 0), 0),
        9,
      ),
    );
    expect(run.stepScores).toHaveLength(t.steps.length);
  });
});
