import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../domain/random';
import type { ModelConfig } from '../model/config';
import { forward } from '../model/forward';
import { gaussian, initWeights } from '../model/init';
import { TrainableGpt, type Batch } from './gpt';
import { jsKernels, wasmKernels, type Kernels, type MatmulMode } from './kernels';
import { applyObjective, type Objective } from './losses';

const wasm = () => wasmKernels(readFileSync(new URL('./simd/kernels.wasm', import.meta.url)));
const tiny = (head: ModelConfig['head']): ModelConfig => ({
  nLayer: 2,
  nHead: 2,
  nEmbd: 8,
  vocabSize: 11,
  nPositions: 16,
  head,
  layerNormEps: 1e-5,
});
// Two packed sequences of lengths 5 and 3.
const batch: Batch = {
  ids: Int32Array.from([3, 1, 4, 1, 5, 9, 2, 6]),
  seqs: [
    { start: 0, length: 5 },
    { start: 5, length: 3 },
  ],
};

// Read-out objectives: log φ of the next token on every row but each sequence's last.
const readoutTargets = Int32Array.from([1, 4, 1, 5, -1, 2, 6, -1]);
const readout = (loss: Extract<Objective, { kind: 'readout' }>['loss']): Objective => ({ kind: 'readout', targets: readoutTargets, loss });

const objectives: Record<string, Objective> = {
  lm: { kind: 'lm', targets: Int32Array.from([1, 4, 1, 5, -1, 2, 6, -1]) },
  // Token advantages of both signs, as REINFORCE, GRPO and CAPO give them (the row without a target has none).
  'policy-gradient': {
    kind: 'lm',
    targets: Int32Array.from([1, 4, 1, 5, -1, 2, 6, -1]),
    weights: Float64Array.from([1.2, -0.7, 0.4, 2.1, 0, -1.5, 0.3, 0]),
  },
  qrm: { kind: 'qrm', pairs: [{ chosen: { start: 2, length: 3 }, rejected: { start: 6, length: 2 } }], beta: 0.7, gamma: 0.3 },
  pqm: {
    kind: 'pqm',
    trajectories: [
      { rows: [1, 4], labels: [1, 0] },
      { rows: [7], labels: [1] },
    ],
    zeta: 2,
  },
  orm: { kind: 'orm', pairs: [{ chosen: 4, rejected: 7 }] },
  bce: {
    kind: 'bce',
    items: [
      { row: 2, label: 1 },
      { row: 6, label: 0 },
    ],
  },
  'read-out Q-RM': readout({ kind: 'qrm', pairs: [{ chosen: [1, 2, 3], rejected: [5, 6] }], beta: 0.7, gamma: 0.3 }),
  'read-out PQM': readout({
    kind: 'steps',
    loss: 'pqm',
    items: [
      { rows: [0, 1, 2, 3], ends: [2, 4], labels: [1, 0] },
      { rows: [5, 6], ends: [1, 2], labels: [1, 1] },
    ],
    zeta: 2,
    readout: { temperature: 0.5, bias: 1 },
  }),
  'read-out BCE': readout({
    kind: 'steps',
    loss: 'bce',
    items: [{ rows: [0, 1, 2, 3], ends: [1, 4], labels: [1, 0] }],
    zeta: 0,
    readout: { temperature: 0.3, bias: 2 },
  }),
  'read-out ORM': readout({ kind: 'orm', pairs: [{ chosen: [1, 2, 3], rejected: [5, 6] }], temperature: 0.4 }),
  'read-out DPO': readout({ kind: 'dpo', pairs: [{ chosen: [1, 2, 3], rejected: [5, 6], refChosen: -4, refRejected: -2 }], beta: 0.5 }),
};

const headFor = (objective: Objective): ModelConfig['head'] =>
  objective.kind === 'lm' || objective.kind === 'readout' ? 'lm' : 'token-scalar';

function model(head: ModelConfig['head'], kernels: Kernels, seed = 7): TrainableGpt {
  const cfg = tiny(head);
  const m = new TrainableGpt(cfg, kernels, { maxTokens: 8, maxSeqLen: 8 });
  // Non-trivial LayerNorm gains and biases, so their gradients are exercised too.
  const weights = initWeights(cfg, seed, 0.5);
  const normal = gaussian(seededRandom(seed + 1));
  for (const w of Object.values(weights)) for (let i = 0; i < w.data.length; i++) w.data[i] += 0.3 * normal();
  m.setWeights(weights);
  return m;
}

function lossOf(m: TrainableGpt, objective: Objective): number {
  const out = m.forward(batch);
  const width = m.cfg.head === 'lm' ? m.cfg.vocabSize : 1;
  return applyObjective(objective, out, m.dOut, width, batch.ids.length).loss;
}

describe('hand-written backward pass', () => {
  for (const [name, objective] of Object.entries(objectives)) {
    it(`matches central finite differences in float64 for every parameter (${name} objective)`, () => {
      const m = model(headFor(objective), jsKernels());
      m.grads.fill(0);
      lossOf(m, objective);
      m.backward();
      const analytic = Float64Array.from(m.grads);
      const h = 1e-6;
      let worst = 0;
      for (let i = 0; i < m.params.length; i++) {
        const keep = m.params[i];
        m.params[i] = keep + h;
        const up = lossOf(m, objective);
        m.params[i] = keep - h;
        const down = lossOf(m, objective);
        m.params[i] = keep;
        const numeric = (up - down) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic[i])));
      }
      expect(worst).toBeLessThan(1e-5);
      expect(analytic.some((g) => Math.abs(g) > 1e-3)).toBe(true);
    });
  }

  it('WASM SIMD float32 gradients agree with the float64 reference', () => {
    for (const objective of Object.values(objectives)) {
      const head = headFor(objective);
      const [a, b] = [model(head, jsKernels()), model(head, wasm())];
      for (const m of [a, b]) {
        m.grads.fill(0);
        lossOf(m, objective);
        m.backward();
      }
      const scale = Math.max(...a.grads.map(Math.abs));
      for (let i = 0; i < a.grads.length; i++) expect(Math.abs(a.grads[i] - b.grads[i]) / scale).toBeLessThan(1e-4);
    }
  });

  it('forward equals the reference forward pass of src/model sequence by sequence', () => {
    for (const head of ['lm', 'token-scalar'] as const) {
      const m = model(head, wasm());
      const out = m.forward(batch);
      const width = head === 'lm' ? 11 : 1;
      for (const s of batch.seqs) {
        const ref = forward(m.cfg, m.getWeights(), { inputIds: [Array.from(batch.ids.subarray(s.start, s.start + s.length))] });
        for (let i = 0; i < ref.data.length; i++) expect(out[s.start * width + i]).toBeCloseTo(ref.data[i], 4);
      }
    }
  });
});

describe('WASM SIMD matmul', () => {
  it('equals the float64 loops in every mode, with odd sizes and accumulation', () => {
    const rand = seededRandom(3);
    const w = wasm();
    const sizes = { a: 37 * 21, b: 21 * 37, c: 37 * 37 };
    const buf = w.allocate(sizes);
    const ref = jsKernels().allocate(sizes);
    for (const key of ['a', 'b', 'c'] as const) for (let i = 0; i < buf[key].length; i++) buf[key][i] = ref[key][i] = rand() - 0.5;
    for (const [M, N, K] of [
      [37, 21, 1],
      [2, 16, 37],
      [37, 35, 21],
      [1, 3, 5],
      [20, 32, 17],
    ]) {
      for (const mode of ['nn', 'nt', 'tn'] as MatmulMode[]) {
        for (const acc of [false, true]) {
          w.matmul(mode, buf.a, buf.b, buf.c, M, N, K, acc);
          jsKernels().matmul(mode, ref.a, ref.b, ref.c, M, N, K, acc);
          for (let i = 0; i < M * N; i++) expect(buf.c[i]).toBeCloseTo(ref.c[i], 4);
        }
      }
    }
  });

  it('refuses buffers it did not allocate', () => {
    const w = wasm();
    w.allocate({ a: 4 });
    expect(() => w.matmul('nn', new Float32Array(4), new Float32Array(4), new Float32Array(4), 2, 2, 2)).toThrow(/own allocate/);
  });
});
