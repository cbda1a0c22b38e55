/**
 * The model of src/model/ made trainable: a forward pass that keeps what the backward pass needs, and the backward
 * pass written out by hand. A batch is sequences packed end to end (no padding); attention stays inside a sequence.
 */
import { elementCount, headDim, outputWidth, paramShapes, type ModelConfig, type Weights } from '../model/config';
import type { Causal, Kernels, Vec } from './kernels';

export interface Sequence {
  start: number;
  length: number;
}

export interface Batch {
  /** Token ids of every sequence, concatenated. */
  ids: Int32Array;
  seqs: Sequence[];
}

/** The largest batch the buffers are sized for. */
export interface BatchCapacity {
  maxTokens: number;
  maxSeqLen: number;
}

const LAYER_BUFFERS = ['xhat1', 'rstd1', 'a1', 'qkv', 'p', 'att', 'xhat2', 'rstd2', 'a2', 'h', 't', 'g'] as const;
type LayerBuffer = (typeof LAYER_BUFFERS)[number];

export class TrainableGpt {
  readonly params: Vec;
  readonly grads: Vec;
  readonly names: string[];
  /** Output of the last forward pass: [tokens, width]. */
  out: Vec;
  /** Where the loss writes ∂L/∂out before backward(). */
  dOut: Vec;
  private readonly view: Record<string, { p: Vec; g: Vec; shape: number[] }> = {};
  private readonly buf: Record<string, Vec>;
  private batch: Batch | null = null;
  private n = 0;

  constructor(
    readonly cfg: ModelConfig,
    private readonly k: Kernels,
    readonly capacity: BatchCapacity,
    /** Computes whole L×L attention blocks instead of their causal triangles: the same numbers, slower (the bench's baseline). */
    private readonly wholeSquares = false,
  ) {
    const shapes = paramShapes(cfg);
    this.names = Object.keys(shapes);
    const total = this.names.reduce((s, name) => s + elementCount(shapes[name]), 0);
    const { maxTokens: cap, maxSeqLen } = capacity;
    const d = cfg.nEmbd;
    const sizes: Record<string, number> = {
      params: total,
      grads: total,
      x: cap * d,
      xhatF: cap * d,
      rstdF: cap,
      f: cap * d,
      out: cap * outputWidth(cfg),
      dOut: cap * outputWidth(cfg),
      dx: cap * d,
      dtmp: cap * d,
      dh: cap * 4 * d,
      dqkv: cap * 3 * d,
      dp: maxSeqLen * maxSeqLen,
      dHeadT: headDim(cfg) * maxSeqLen,
    };
    const layerSize: Record<LayerBuffer, number> = {
      xhat1: cap * d,
      rstd1: cap,
      a1: cap * d,
      qkv: cap * 3 * d,
      p: cfg.nHead * cap * maxSeqLen,
      att: cap * d,
      xhat2: cap * d,
      rstd2: cap,
      a2: cap * d,
      h: cap * 4 * d,
      t: cap * 4 * d,
      g: cap * 4 * d,
    };
    for (let l = 0; l < cfg.nLayer; l++) for (const b of LAYER_BUFFERS) sizes[`${b}${l}`] = layerSize[b];
    this.buf = k.allocate(sizes);
    this.params = this.buf.params;
    this.grads = this.buf.grads;
    this.out = this.buf.out;
    this.dOut = this.buf.dOut;
    let at = 0;
    for (const name of this.names) {
      const size = elementCount(shapes[name]);
      this.view[name] = { p: this.params.subarray(at, at + size), g: this.grads.subarray(at, at + size), shape: shapes[name] };
      at += size;
    }
  }

  setWeights(weights: Weights): void {
    for (const name of this.names) {
      const w = weights[name];
      if (!w || w.data.length !== this.view[name].p.length) throw new Error(`weights do not fit ${name}`);
      this.view[name].p.set(w.data);
    }
  }

  getWeights(): Weights {
    const out: Weights = {};
    for (const name of this.names) out[name] = { shape: [...this.view[name].shape], data: Float32Array.from(this.view[name].p) };
    return out;
  }

  private p(name: string): Vec {
    return this.view[name].p;
  }

  private g(name: string): Vec {
    return this.view[name].g;
  }

  private layer(b: LayerBuffer, l: number): Vec {
    return this.buf[`${b}${l}`];
  }

  /** y[n, out] = x[n, in]·W + b for a Conv1D pair named `prefix`. */
  private linear(prefix: string, x: Vec, y: Vec, inDim: number, outDim: number): void {
    this.k.matmul('nn', x, this.p(`${prefix}.weight`), y, this.n, outDim, inDim);
    this.k.addBias(y, this.n, outDim, this.p(`${prefix}.bias`));
  }

  /** dx = dy·Wᵀ, dW += xᵀ·dy, db += Σ dy. */
  private linearBackward(prefix: string, x: Vec, dy: Vec, dx: Vec, inDim: number, outDim: number): void {
    this.k.matmul('tn', x, dy, this.g(`${prefix}.weight`), inDim, outDim, this.n, { accumulate: true });
    this.k.biasBackward(dy, this.n, outDim, this.g(`${prefix}.bias`));
    this.k.matmul('nt', dy, this.p(`${prefix}.weight`), dx, this.n, inDim, outDim);
  }

  /** y = LayerNorm `prefix`(x), keeping x̂ and 1/σ. */
  private norm(prefix: string, x: Vec, xhat: Vec, rstd: Vec, y: Vec): void {
    const { n, cfg } = this;
    this.k.layerNormForward(x, n, cfg.nEmbd, this.p(`${prefix}.weight`), this.p(`${prefix}.bias`), cfg.layerNormEps, xhat, rstd, y);
  }

  /** dx += ∂L/∂x through LayerNorm `prefix`; its gain and bias gradients accumulate. */
  private normBackward(prefix: string, dy: Vec, xhat: Vec, rstd: Vec, dx: Vec): void {
    this.k.layerNormBackward(
      dy,
      this.n,
      this.cfg.nEmbd,
      this.p(`${prefix}.weight`),
      xhat,
      rstd,
      dx,
      this.g(`${prefix}.weight`),
      this.g(`${prefix}.bias`),
    );
  }

  /** What an attention product may skip; nothing with wholeSquares. */
  private causal(part: Causal): Causal {
    return this.wholeSquares ? 'none' : part;
  }

  /** Runs the model on a packed batch; returns `out` ([tokens, width]). */
  forward(batch: Batch): Vec {
    const { cfg, k } = this;
    const n = batch.ids.length;
    if (n > this.capacity.maxTokens) throw new Error(`batch has ${n} tokens; capacity is ${this.capacity.maxTokens}`);
    for (const s of batch.seqs)
      if (s.length > this.capacity.maxSeqLen || s.length > cfg.nPositions)
        throw new Error(`sequence of ${s.length} tokens is longer than the context`);
    this.batch = batch;
    this.n = n;
    const d = cfg.nEmbd;
    const x = this.buf.x;
    const wte = this.p('transformer.wte.weight');
    const wpe = this.p('transformer.wpe.weight');
    for (const s of batch.seqs) {
      for (let t = 0; t < s.length; t++) {
        const row = s.start + t;
        const id = batch.ids[row];
        if (id < 0 || id >= cfg.vocabSize) throw new Error(`token id ${id} is outside the vocabulary`);
        for (let c = 0; c < d; c++) x[row * d + c] = wte[id * d + c] + wpe[t * d + c];
      }
    }
    for (let l = 0; l < cfg.nLayer; l++) {
      const pre = `transformer.h.${l}`;
      const [a1, att, a2, h, g] = [this.layer('a1', l), this.layer('att', l), this.layer('a2', l), this.layer('h', l), this.layer('g', l)];
      this.norm(`${pre}.ln_1`, x, this.layer('xhat1', l), this.layer('rstd1', l), a1);
      this.linear(`${pre}.attn.c_attn`, a1, this.layer('qkv', l), d, 3 * d);
      this.attentionForward(l);
      const proj = this.buf.dtmp;
      this.linear(`${pre}.attn.c_proj`, att, proj, d, d);
      k.add(x, proj, n * d);
      this.norm(`${pre}.ln_2`, x, this.layer('xhat2', l), this.layer('rstd2', l), a2);
      this.linear(`${pre}.mlp.c_fc`, a2, h, d, 4 * d);
      k.geluForward(h, g, this.layer('t', l), n * 4 * d);
      this.linear(`${pre}.mlp.c_proj`, g, proj, 4 * d, d);
      k.add(x, proj, n * d);
    }
    const { xhatF, rstdF, f } = this.buf;
    this.norm('transformer.ln_f', x, xhatF, rstdF, f);
    if (cfg.head === 'lm') k.matmul('nt', f, wte, this.out, n, cfg.vocabSize, d);
    else {
      k.matmul('nn', f, this.p('classifier.weight'), this.out, n, 1, d);
      k.addBias(this.out, n, 1, this.p('classifier.bias'));
    }
    return this.out;
  }

  /**
   * softmax(q·kᵀ/√hd)·v for each head inside each sequence, read straight from the layer's qkv rows and written into
   * its att rows; only the causal triangle is computed.
   */
  private attentionForward(l: number): void {
    const d = this.cfg.nEmbd;
    const hd = headDim(this.cfg);
    const [qkv, p, att] = [this.layer('qkv', l), this.layer('p', l), this.layer('att', l)];
    this.forEachBlock((L, rows, pAt, h) => {
      const P = p.subarray(pAt, pAt + L * L);
      const [q, key, v] = [0, d, 2 * d].map((part) => rows(qkv, 3 * d, part + h * hd));
      this.k.matmul('nt', q, key, P, L, L, hd, { lda: 3 * d, ldb: 3 * d, causal: this.causal('out-lower') });
      this.k.causalSoftmax(P, L, 1 / Math.sqrt(hd));
      this.k.matmul('nn', P, v, rows(att, d, h * hd), L, hd, L, { ldb: 3 * d, ldc: d, causal: this.causal('a-lower') });
    });
  }

  /**
   * Visits every (head, sequence) block with its length, a view maker for token rows (`rows(buffer, stride, column)`
   * starts at the sequence's first token, at that column) and the block's offset in `p`.
   */
  private forEachBlock(visit: (L: number, rows: (v: Vec, stride: number, column: number) => Vec, pAt: number, h: number) => void): void {
    const seqs = this.batch?.seqs ?? [];
    let pAt = 0;
    for (let h = 0; h < this.cfg.nHead; h++) {
      for (const s of seqs) {
        visit(s.length, (v, stride, column) => v.subarray(s.start * stride + column), pAt, h);
        pAt += s.length * s.length;
      }
    }
  }

  /** Accumulates ∂L/∂θ into `grads` from `dOut` (the caller zeroes `grads` between steps). */
  backward(): void {
    const { cfg, k, n, buf } = this;
    if (!this.batch) throw new Error('backward() before forward()');
    const d = cfg.nEmbd;
    const { dx, dtmp, dh, f, xhatF, rstdF } = buf;
    if (cfg.head === 'lm') {
      k.matmul('nn', this.dOut, this.p('transformer.wte.weight'), dtmp, n, d, cfg.vocabSize);
      k.matmul('tn', this.dOut, f, this.g('transformer.wte.weight'), cfg.vocabSize, d, n, { accumulate: true });
    } else {
      k.matmul('nt', this.dOut, this.p('classifier.weight'), dtmp, n, d, 1);
      k.matmul('tn', f, this.dOut, this.g('classifier.weight'), d, 1, n, { accumulate: true });
      k.biasBackward(this.dOut, n, 1, this.g('classifier.bias'));
    }
    dx.fill(0, 0, n * d);
    this.normBackward('transformer.ln_f', dtmp, xhatF, rstdF, dx);
    for (let l = cfg.nLayer - 1; l >= 0; l--) {
      const pre = `transformer.h.${l}`;
      // MLP: dx is ∂L/∂x2; the residual passes it through unchanged.
      this.linearBackward(`${pre}.mlp.c_proj`, this.layer('g', l), dx, dh, 4 * d, d);
      k.geluBackward(this.layer('h', l), this.layer('t', l), dh, n * 4 * d);
      this.linearBackward(`${pre}.mlp.c_fc`, this.layer('a2', l), dh, dtmp, d, 4 * d);
      this.normBackward(`${pre}.ln_2`, dtmp, this.layer('xhat2', l), this.layer('rstd2', l), dx);
      // Attention: dx is now ∂L/∂x1.
      this.linearBackward(`${pre}.attn.c_proj`, this.layer('att', l), dx, dtmp, d, d);
      this.attentionBackward(l, dtmp);
      this.linearBackward(`${pre}.attn.c_attn`, this.layer('a1', l), buf.dqkv, dtmp, d, 3 * d);
      this.normBackward(`${pre}.ln_1`, dtmp, this.layer('xhat1', l), this.layer('rstd1', l), dx);
    }
    const gte = this.g('transformer.wte.weight');
    const gpe = this.g('transformer.wpe.weight');
    for (const s of this.batch.seqs) {
      for (let t = 0; t < s.length; t++) {
        const row = s.start + t;
        const id = this.batch.ids[row];
        for (let c = 0; c < d; c++) {
          gte[id * d + c] += dx[row * d + c];
          gpe[t * d + c] += dx[row * d + c];
        }
      }
    }
  }

  /** From ∂L/∂att ([tokens, d]) to ∂L/∂qkv in buf.dqkv, over the causal triangles only. */
  private attentionBackward(l: number, dAtt: Vec): void {
    const d = this.cfg.nEmbd;
    const hd = headDim(this.cfg);
    const [qkv, p] = [this.layer('qkv', l), this.layer('p', l)];
    const { dp, dqkv, dHeadT } = this.buf;
    this.forEachBlock((L, rows, pAt, h) => {
      const P = p.subarray(pAt, pAt + L * L);
      const dS = dp.subarray(0, L * L);
      const dO = rows(dAtt, d, h * hd);
      const [q, key, v] = [0, d, 2 * d].map((part) => rows(qkv, 3 * d, part + h * hd));
      const [dq, dk, dv] = [0, d, 2 * d].map((part) => rows(dqkv, 3 * d, part + h * hd));
      this.k.matmul('nt', dO, v, dS, L, L, hd, { lda: d, ldb: 3 * d, causal: this.causal('out-lower') });
      // dV = Pᵀ·dO and dK = dSᵀ·q are computed transposed (dVᵀ = dOᵀ·P), so P and dS are read along their rows.
      this.k.matmul('tn', dO, P, dHeadT, hd, L, L, { lda: d, causal: this.causal('b-lower') });
      this.k.transpose(dHeadT, dv, hd, L, { ldd: 3 * d });
      this.k.causalSoftmaxBackward(P, dS, L, 1 / Math.sqrt(hd));
      this.k.matmul('nn', dS, key, dq, L, hd, L, { ldb: 3 * d, ldc: 3 * d, causal: this.causal('a-lower') });
      this.k.matmul('tn', q, dS, dHeadT, hd, L, L, { lda: 3 * d, causal: this.causal('b-lower') });
      this.k.transpose(dHeadT, dk, hd, L, { ldd: 3 * d });
    });
  }
}
