/**
 * The trainer's linear algebra and element-wise passes over one bump allocator. Two implementations share this
 * interface: WASM SIMD on float32 for training, and plain float64 loops for gradient checks and kernel tests.
 */
import * as js from './layers';

export type Vec = Float32Array | Float64Array;

/** nn: C[M,N] = A[M,K]·B[K,N]. nt: A[M,K]·B[N,K]ᵀ. tn: A[K,M]ᵀ·B[K,N]. */
export type MatmulMode = 'nn' | 'nt' | 'tn';

/**
 * What a product may skip in a causal (lower-triangular) attention block: 'out-lower' computes only C(i,j) with j ≤ i
 * (the rest is left as it is); 'a-lower' says op(A)(i,k) is zero for k > i; 'b-lower' says
 * B(k,j) is zero for k < j. An implementation may also compute everything.
 */
export type Causal = 'none' | 'out-lower' | 'a-lower' | 'b-lower';

export interface MatmulOptions {
  accumulate?: boolean;
  /** Row strides of A, B and C as stored (in floats); by default their packed widths. */
  lda?: number;
  ldb?: number;
  ldc?: number;
  causal?: Causal;
}

/** The GPT block's element-wise pieces (see layers.ts for what each computes). */
export interface Passes {
  add(x: Vec, y: Vec, count: number): void;
  addBias(y: Vec, n: number, width: number, bias: Vec): void;
  biasBackward(dy: Vec, n: number, width: number, db: Vec): void;
  layerNormForward(x: Vec, n: number, d: number, g: Vec, b: Vec, eps: number, xhat: Vec, rstd: Vec, y: Vec): void;
  layerNormBackward(dy: Vec, n: number, d: number, g: Vec, xhat: Vec, rstd: Vec, dx: Vec, dg: Vec, db: Vec): void;
  geluForward(x: Vec, y: Vec, tanh: Vec, count: number): void;
  geluBackward(x: Vec, tanh: Vec, dy: Vec, count: number): void;
  causalSoftmax(s: Vec, L: number, scale: number): void;
  causalSoftmaxBackward(p: Vec, dp: Vec, L: number, scale: number): void;
}

/**
 * Where LayerNorm, GELU and softmax run: 'simd' in float32 WASM SIMD (fast), or 'js' as the JavaScript loops in
 * float64 arithmetic, which is how the shipped arith-* models were trained (so `npm run models:train` still writes
 * their bytes). Sums (residuals, biases) give the same bits either way.
 */
export type PassesKind = 'simd' | 'js';

export interface Kernels extends Passes {
  readonly passes: PassesKind;
  /** Allocates every buffer at once (WASM memory cannot grow without detaching earlier views). Call once. */
  allocate<K extends string>(sizes: Record<K, number>): Record<K, Vec>;
  /** C (+)= op(A)·op(B), see MatmulMode and MatmulOptions. */
  matmul(mode: MatmulMode, a: Vec, b: Vec, c: Vec, M: number, N: number, K: number, options?: MatmulOptions): void;
  /** dst[cols, rows] = src[rows, cols]ᵀ, with row strides `lds` and `ldd` (by default packed). */
  transpose(src: Vec, dst: Vec, rows: number, cols: number, strides?: { lds?: number; ldd?: number }): void;
}

const JS_PASSES: Passes = {
  add: js.addInto,
  addBias: js.addBias,
  biasBackward: js.biasBackward,
  layerNormForward: js.layerNormForward,
  layerNormBackward: js.layerNormBackward,
  geluForward: js.geluForward,
  geluBackward: js.geluBackward,
  causalSoftmax: js.causalSoftmax,
  causalSoftmaxBackward: js.causalSoftmaxBackward,
};

/** Reference kernels in float64. Slow and exact enough for finite differences; they compute every entry. */
export function jsKernels(): Kernels {
  return {
    ...JS_PASSES,
    passes: 'js',
    allocate<K extends string>(sizes: Record<K, number>) {
      const out = {} as Record<K, Vec>;
      for (const key of Object.keys(sizes) as K[]) out[key] = new Float64Array(sizes[key]);
      return out;
    },
    transpose(src, dst, rows, cols, { lds = cols, ldd = rows } = {}) {
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) dst[c * ldd + r] = src[r * lds + c];
    },
    matmul(mode, a, b, c, M, N, K, { accumulate = false, lda, ldb, ldc = N } = {}) {
      const sa = lda ?? (mode === 'tn' ? M : K);
      const sb = ldb ?? (mode === 'nt' ? K : N);
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let k = 0; k < K; k++) {
            const av = mode === 'tn' ? a[k * sa + i] : a[i * sa + k];
            const bv = mode === 'nt' ? b[j * sb + k] : b[k * sb + j];
            s += av * bv;
          }
          c[i * ldc + j] = accumulate ? c[i * ldc + j] + s : s;
        }
      }
    },
  };
}

interface KernelExports {
  // prettier-ignore
  matmul(a: number, b: number, c: number, M: number, N: number, K: number, sI: number, sK: number, ldb: number, ldc: number, accumulate: number, causal: number, tmp: number): void;
  transpose(src: number, dst: number, rows: number, cols: number, lds: number, ldd: number): void;
  addInto(x: number, y: number, count: number): void;
  addBias(y: number, n: number, width: number, bias: number): void;
  biasBackward(dy: number, n: number, width: number, db: number): void;
  layerNormForward(x: number, n: number, d: number, g: number, b: number, eps: number, xhat: number, rstd: number, y: number): void;
  layerNormBackward(dy: number, n: number, d: number, g: number, xhat: number, rstd: number, dx: number, dg: number, db: number): void;
  geluForward(x: number, y: number, tanh: number, count: number): void;
  geluBackward(x: number, tanh: number, dy: number, count: number): void;
  causalSoftmax(s: number, L: number, scale: number): void;
  causalSoftmaxBackward(p: number, dp: number, L: number, scale: number): void;
}

const PAGE = 65536;
/** The K panel of simd/kernels.ts (KC). */
const PANEL = 256;
const CAUSAL: Record<Causal, number> = { none: 0, 'out-lower': 1, 'a-lower': 2, 'b-lower': 3 };

/** WASM SIMD kernels (src/learn/simd/kernels.ts, compiled to kernels.wasm) over one linear memory. */
export function wasmKernels(wasmBytes: BufferSource, { passes = 'simd' }: { passes?: PassesKind } = {}): Kernels {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes), { env: { memory } });
  const k = instance.exports as unknown as KernelExports;
  let scratch: Float32Array | null = null;
  const ptr = (v: Vec) => {
    if (!(v instanceof Float32Array) || v.buffer !== memory.buffer) throw new Error('WASM kernels need buffers from their own allocate()');
    return v.byteOffset;
  };
  const quads = (count: number) => {
    if (count % 4) throw new Error(`the SIMD GELU takes a multiple of 4 values, not ${count}`);
    return count;
  };
  const simd: Passes = {
    ...JS_PASSES,
    add: (x, y, count) => k.addInto(ptr(x), ptr(y), count),
    addBias: (y, n, width, bias) => k.addBias(ptr(y), n, width, ptr(bias)),
    biasBackward: (dy, n, width, db) => k.biasBackward(ptr(dy), n, width, ptr(db)),
  };
  if (passes === 'simd')
    Object.assign(simd, {
      layerNormForward: (x, n, d, g, b, eps, xhat, rstd, y) =>
        k.layerNormForward(ptr(x), n, d, ptr(g), ptr(b), eps, ptr(xhat), ptr(rstd), ptr(y)),
      layerNormBackward: (dy, n, d, g, xhat, rstd, dx, dg, db) =>
        k.layerNormBackward(ptr(dy), n, d, ptr(g), ptr(xhat), ptr(rstd), ptr(dx), ptr(dg), ptr(db)),
      geluForward: (x, y, tanh, count) => k.geluForward(ptr(x), ptr(y), ptr(tanh), quads(count)),
      geluBackward: (x, tanh, dy, count) => k.geluBackward(ptr(x), ptr(tanh), ptr(dy), quads(count)),
      causalSoftmax: (s, L, scale) => k.causalSoftmax(ptr(s), L, scale),
      causalSoftmaxBackward: (p, dp, L, scale) => k.causalSoftmaxBackward(ptr(p), ptr(dp), L, scale),
    } satisfies Partial<Passes>);
  return {
    ...simd,
    passes,
    allocate<K extends string>(sizes: Record<K, number>) {
      if (scratch) throw new Error('allocate() may only be called once');
      const keys = Object.keys(sizes) as K[];
      const padded = (n: number) => Math.ceil(n / 4) * 4;
      const scratchFloats = padded(Math.max(0, ...keys.map((key) => sizes[key])));
      const total = keys.reduce((sum, key) => sum + padded(sizes[key]), scratchFloats);
      // The first page stays the module's own.
      memory.grow(Math.ceil((total * 4) / PAGE));
      const out = {} as Record<K, Vec>;
      let at = PAGE / 4;
      for (const key of keys) {
        out[key] = new Float32Array(memory.buffer, at * 4, sizes[key]);
        at += padded(sizes[key]);
      }
      scratch = new Float32Array(memory.buffer, at * 4, scratchFloats);
      return out;
    },
    transpose: (src, dst, rows, cols, { lds = cols, ldd = rows } = {}) => k.transpose(ptr(src), ptr(dst), rows, cols, lds, ldd),
    matmul(mode, a, b, c, M, N, K, { accumulate = false, lda, ldb, ldc = N, causal = 'none' } = {}) {
      if (!scratch) throw new Error('allocate() before matmul()');
      const acc = accumulate ? 1 : 0;
      let bp = ptr(b);
      let sb = ldb ?? N;
      // Scratch holds the transposed B of an nt product, then the running sums of a long accumulating product.
      let used = 0;
      if (mode === 'nt') {
        used = Math.ceil((N * K) / 4) * 4;
        if (scratch.length < used) throw new Error('transpose scratch is too small');
        k.transpose(bp, scratch.byteOffset, N, K, ldb ?? K, N);
        bp = scratch.byteOffset;
        sb = N;
      }
      if (accumulate && K > PANEL && scratch.length < used + M * N) throw new Error('scratch is too small for a long accumulating product');
      const [sI, sK] = mode === 'tn' ? [1, lda ?? M] : [lda ?? K, 1];
      k.matmul(ptr(a), bp, ptr(c), M, N, K, sI, sK, sb, ldc, acc, CAUSAL[causal], scratch.byteOffset + used * 4);
    },
  };
}
