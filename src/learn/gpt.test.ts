import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../domain/random';
import type { ModelConfig } from '../model/config';
import { forward } from '../model/forward';
import { gaussian, initWeights } from '../model/init';
import { TrainableGpt, type Batch } from './gpt';
import { jsKernels, wasmKernels, type Causal, type Kernels, type MatmulMode, type Passes, type PassesKind, type Vec } from './kernels';
import { applyObjective, type Objective } from './losses';

const wasmBytes = readFileSync(new URL('./simd/kernels.wasm', import.meta.url));
const wasm = (passes: PassesKind = 'simd') => wasmKernels(wasmBytes, { passes });
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

  it.each(['simd', 'js'] as const)('WASM float32 gradients (%s passes) agree with the float64 reference', (passes) => {
    for (const objective of Object.values(objectives)) {
      const head = headFor(objective);
      const [a, b] = [model(head, jsKernels()), model(head, wasm(passes))];
      for (const m of [a, b]) {
        m.grads.fill(0);
        lossOf(m, objective);
        m.backward();
      }
      const scale = Math.max(...a.grads.map(Math.abs));
      for (let i = 0; i < a.grads.length; i++) expect(Math.abs(a.grads[i] - b.grads[i]) / scale).toBeLessThan(1e-4);
    }
  });

  it('gives the same bits from causal triangles as from whole attention squares', () => {
    const rand = seededRandom(4);
    const long: Batch = {
      ids: Int32Array.from({ length: 57 }, () => Math.floor(rand() * 11)),
      seqs: [
        { start: 0, length: 37 },
        { start: 37, length: 20 },
      ],
    };
    const grads = (wholeSquares: boolean) => {
      const cfg = { ...tiny('lm'), nPositions: 64 };
      const m = new TrainableGpt(cfg, wasm(), { maxTokens: 57, maxSeqLen: 37 }, wholeSquares);
      m.setWeights(initWeights(cfg, 9, 0.5));
      m.grads.fill(0);
      m.forward(long);
      applyObjective(
        { kind: 'lm', targets: Int32Array.from(long.ids, (_, i) => (i === 36 || i === 56 ? -1 : long.ids[i + 1])) },
        m.out,
        m.dOut,
        11,
        57,
      );
      m.backward();
      return Array.from(m.grads);
    };
    const [tri, whole] = [grads(false), grads(true)];
    expect(tri.some((g) => g !== 0)).toBe(true);
    expect(tri).toEqual(whole);
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
          w.matmul(mode, buf.a, buf.b, buf.c, M, N, K, { accumulate: acc });
          jsKernels().matmul(mode, ref.a, ref.b, ref.c, M, N, K, { accumulate: acc });
          for (let i = 0; i < M * N; i++) expect(buf.c[i]).toBeCloseTo(ref.c[i], 4);
        }
      }
    }
  });

  it('reads and writes strided rows, and skips only what a causal block makes zero or unwanted', () => {
    const rand = seededRandom(5);
    const w = wasm();
    const L = 23;
    const hd = 6;
    const ld = 3 * hd + 7; // wider than L, so the L×L block fits in C's rows
    const sizes = { tri: L * L, rows: L * ld, c: L * ld };
    const buf = w.allocate(sizes);
    const ref = jsKernels().allocate(sizes);
    const fill = (key: keyof typeof sizes, zero: (i: number, k: number) => boolean, width: number) => {
      for (let i = 0; i < buf[key].length; i++) {
        const v = zero(Math.floor(i / width), i % width) ? 0 : rand() - 0.5;
        buf[key][i] = ref[key][i] = v;
      }
    };
    fill('tri', (i, k) => k > i, L);
    fill('rows', () => false, ld);
    const cases: [MatmulMode, Causal, (k: Kernels, b: Record<keyof typeof sizes, Vec>) => void][] = [
      // q·kᵀ from two column blocks of the same rows: only j ≤ i is wanted.
      [
        'nt',
        'out-lower',
        (k, b) => k.matmul('nt', b.rows, b.rows.subarray(hd), b.c, L, L, hd, { lda: ld, ldb: ld, ldc: ld, causal: 'out-lower' }),
      ],
      // P·v with P lower triangular, into a column block of strided rows.
      [
        'nn',
        'a-lower',
        (k, b) =>
          k.matmul('nn', b.tri, b.rows.subarray(2), b.c.subarray(1), L, hd, L, { ldb: ld, ldc: ld, causal: 'a-lower', accumulate: true }),
      ],
      // dVᵀ = dOᵀ·P: B = P is zero for k < j.
      ['tn', 'b-lower', (k, b) => k.matmul('tn', b.rows.subarray(1), b.tri, b.c, hd, L, L, { lda: ld, ldc: ld, causal: 'b-lower' })],
    ];
    for (const [mode, causal, run] of cases) {
      buf.c.fill(7);
      ref.c.fill(7);
      run(w, buf);
      run(jsKernels(), ref);
      for (let i = 0; i < L; i++)
        for (let j = 0; j < ld; j++) {
          if (causal === 'out-lower' && j > i && j < L) continue;
          expect(buf.c[i * ld + j], `${mode} ${causal} (${i}, ${j})`).toBeCloseTo(ref.c[i * ld + j], 5);
        }
    }
  });

  it('refuses buffers it did not allocate', () => {
    const w = wasm();
    w.allocate({ a: 4 });
    expect(() => w.matmul('nn', new Float32Array(4), new Float32Array(4), new Float32Array(4), 2, 2, 2)).toThrow(/own allocate/);
  });
});

describe('WASM SIMD element-wise passes', () => {
  const n = 7;
  const d = 12;
  const make = (k: Kernels) => k.allocate({ x: n * d, y: n * d, z: n * d, g: d, b: d, dg: d, db: d, rstd: n, s: n * n, t: n * d });
  const setup = () => {
    const rand = seededRandom(11);
    const [w, j] = [wasm(), jsKernels()];
    const [bw, bj] = [make(w), make(j)];
    for (const key of Object.keys(bw) as (keyof typeof bw)[])
      for (let i = 0; i < bw[key].length; i++) bw[key][i] = bj[key][i] = Math.fround(4 * (rand() - 0.5));
    return { w, j, bw, bj };
  };
  type Buffers = ReturnType<typeof make>;
  const runs: Record<keyof Passes, (k: Kernels, b: Buffers) => void> = {
    add: (k, b) => k.add(b.x, b.y, n * d - 3),
    addBias: (k, b) => k.addBias(b.x, n, d, b.b),
    biasBackward: (k, b) => k.biasBackward(b.x, n, d, b.db),
    layerNormForward: (k, b) => k.layerNormForward(b.x, n, d, b.g, b.b, 1e-5, b.y, b.rstd, b.z),
    layerNormBackward: (k, b) => k.layerNormBackward(b.x, n, d, b.g, b.y, b.rstd, b.z, b.dg, b.db),
    geluForward: (k, b) => k.geluForward(b.x, b.y, b.t, n * d),
    geluBackward: (k, b) => k.geluBackward(b.x, b.t, b.y, n * d),
    causalSoftmax: (k, b) => k.causalSoftmax(b.s, n, 0.7),
    causalSoftmaxBackward: (k, b) => {
      k.causalSoftmax(b.s, n, 0.7);
      k.causalSoftmaxBackward(b.s, b.x, n, 0.7);
    },
  };
  it.each(Object.keys(runs) as (keyof Passes)[])('%s agrees with the JS loop', (pass) => {
    const { w, j, bw, bj } = setup();
    runs[pass](w, bw);
    runs[pass](j, bj);
    for (const key of Object.keys(bw) as (keyof Buffers)[]) {
      const scale = Math.max(1, ...Array.from(bj[key], Math.abs));
      for (let i = 0; i < bw[key].length; i++)
        expect(Math.abs(bw[key][i] - bj[key][i]) / scale, `${pass}: ${key}[${i}]`).toBeLessThan(2e-6);
    }
  });

  it('gives the same bits as the JS loops on float32 for sums (residuals, biases)', () => {
    const rand = seededRandom(12);
    const [w, p] = [wasm(), wasm('js')];
    const [a, b] = [w.allocate({ x: 64, y: 64 }), p.allocate({ x: 64, y: 64 })];
    for (let i = 0; i < 64; i++) {
      a.x[i] = b.x[i] = (rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 6);
      a.y[i] = b.y[i] = (rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 6);
    }
    w.add(a.x, a.y, 64);
    for (let i = 0; i < 64; i++) b.x[i] += b.y[i];
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
  });
});
