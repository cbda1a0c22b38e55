/**
 * The trainer's linear algebra: a bump allocator and one matmul. Two implementations share this interface: WASM SIMD
 * on float32 for training, and plain float64 loops for gradient checks and kernel tests.
 */
export type Vec = Float32Array | Float64Array;

/** nn: C[M,N] = A[M,K]·B[K,N]. nt: A[M,K]·B[N,K]ᵀ. tn: A[K,M]ᵀ·B[K,N]. */
export type MatmulMode = 'nn' | 'nt' | 'tn';

export interface Kernels {
  /** Allocates every buffer at once (WASM memory cannot grow without detaching earlier views). Call once. */
  allocate<K extends string>(sizes: Record<K, number>): Record<K, Vec>;
  /** C (+)= op(A)·op(B), see MatmulMode; `accumulate` adds into C instead of overwriting it. */
  matmul(mode: MatmulMode, a: Vec, b: Vec, c: Vec, M: number, N: number, K: number, accumulate?: boolean): void;
}

/** Reference kernels in float64. Slow and exact enough for finite differences. */
export function jsKernels(): Kernels {
  return {
    allocate<K extends string>(sizes: Record<K, number>) {
      const out = {} as Record<K, Vec>;
      for (const key of Object.keys(sizes) as K[]) out[key] = new Float64Array(sizes[key]);
      return out;
    },
    matmul(mode, a, b, c, M, N, K, accumulate = false) {
      for (let i = 0; i < M; i++) {
        for (let j = 0; j < N; j++) {
          let s = 0;
          for (let k = 0; k < K; k++) {
            const av = mode === 'tn' ? a[k * M + i] : a[i * K + k];
            const bv = mode === 'nt' ? b[j * K + k] : b[k * N + j];
            s += av * bv;
          }
          c[i * N + j] = accumulate ? c[i * N + j] + s : s;
        }
      }
    },
  };
}

interface KernelExports {
  matmul(a: number, b: number, c: number, M: number, N: number, K: number, sI: number, sK: number, accumulate: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
}

const PAGE = 65536;

/** WASM SIMD kernels (src/learn/simd/kernels.ts, compiled to kernels.wasm) over one linear memory. */
export function wasmKernels(wasmBytes: BufferSource): Kernels {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmBytes), { env: { memory } });
  const k = instance.exports as unknown as KernelExports;
  let scratch: Float32Array | null = null;
  const ptr = (v: Vec) => {
    if (!(v instanceof Float32Array) || v.buffer !== memory.buffer) throw new Error('WASM kernels need buffers from their own allocate()');
    return v.byteOffset;
  };
  return {
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
    matmul(mode, a, b, c, M, N, K, accumulate = false) {
      const acc = accumulate ? 1 : 0;
      if (mode === 'tn') return k.matmul(ptr(a), ptr(b), ptr(c), M, N, K, 1, M, acc);
      let bp = ptr(b);
      if (mode === 'nt') {
        if (!scratch || scratch.length < N * K) throw new Error('transpose scratch is too small');
        k.transpose(bp, scratch.byteOffset, N, K);
        bp = scratch.byteOffset;
      }
      k.matmul(ptr(a), bp, ptr(c), M, N, K, K, 1, acc);
    },
  };
}
