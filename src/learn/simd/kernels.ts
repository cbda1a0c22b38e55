// AssemblyScript, compiled by `npm run build:kernels` to kernels.wasm. Row-major f32 matrices; pointers are byte offsets.
// C[M,N] (+)= A·B where A(i,k) sits at a + 4·(i·sI + k·sK): sI = K, sK = 1 for A[M,K]; sI = 1, sK = M for Aᵀ with A[K,M].

@inline function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

export function matmul(a: usize, b: usize, c: usize, M: i32, N: i32, K: i32, sI: i32, sK: i32, accumulate: i32): void {
  const n16 = N & ~15;
  const n4 = N & ~3;
  let i = 0;
  for (; i + 1 < M; i += 2) {
    const a0 = a + (<usize>(i * sI) << 2);
    const a1 = a + (<usize>((i + 1) * sI) << 2);
    const c0 = c + (<usize>(i * N) << 2);
    const c1 = c0 + (<usize>N << 2);
    let j = 0;
    for (; j < n16; j += 16) {
      let x0 = f32x4.splat(0), x1 = f32x4.splat(0), x2 = f32x4.splat(0), x3 = f32x4.splat(0);
      let y0 = f32x4.splat(0), y1 = f32x4.splat(0), y2 = f32x4.splat(0), y3 = f32x4.splat(0);
      for (let k = 0; k < K; k++) {
        const off = <usize>(k * sK) << 2;
        const p = f32x4.splat(load<f32>(a0 + off));
        const q = f32x4.splat(load<f32>(a1 + off));
        const bp = b + (<usize>(k * N + j) << 2);
        const b0 = v128.load(bp), b1 = v128.load(bp, 16), b2 = v128.load(bp, 32), b3 = v128.load(bp, 48);
        x0 = madd(x0, p, b0); x1 = madd(x1, p, b1); x2 = madd(x2, p, b2); x3 = madd(x3, p, b3);
        y0 = madd(y0, q, b0); y1 = madd(y1, q, b1); y2 = madd(y2, q, b2); y3 = madd(y3, q, b3);
      }
      const p0 = c0 + (<usize>j << 2);
      const p1 = c1 + (<usize>j << 2);
      if (accumulate) {
        x0 = f32x4.add(x0, v128.load(p0)); x1 = f32x4.add(x1, v128.load(p0, 16));
        x2 = f32x4.add(x2, v128.load(p0, 32)); x3 = f32x4.add(x3, v128.load(p0, 48));
        y0 = f32x4.add(y0, v128.load(p1)); y1 = f32x4.add(y1, v128.load(p1, 16));
        y2 = f32x4.add(y2, v128.load(p1, 32)); y3 = f32x4.add(y3, v128.load(p1, 48));
      }
      v128.store(p0, x0); v128.store(p0, x1, 16); v128.store(p0, x2, 32); v128.store(p0, x3, 48);
      v128.store(p1, y0); v128.store(p1, y1, 16); v128.store(p1, y2, 32); v128.store(p1, y3, 48);
    }
    for (; j < n4; j += 4) {
      let x = f32x4.splat(0), y = f32x4.splat(0);
      for (let k = 0; k < K; k++) {
        const off = <usize>(k * sK) << 2;
        const bv = v128.load(b + (<usize>(k * N + j) << 2));
        x = madd(x, f32x4.splat(load<f32>(a0 + off)), bv);
        y = madd(y, f32x4.splat(load<f32>(a1 + off)), bv);
      }
      const p0 = c0 + (<usize>j << 2);
      const p1 = c1 + (<usize>j << 2);
      if (accumulate) {
        x = f32x4.add(x, v128.load(p0));
        y = f32x4.add(y, v128.load(p1));
      }
      v128.store(p0, x);
      v128.store(p1, y);
    }
    for (; j < N; j++) {
      let x: f32 = 0, y: f32 = 0;
      for (let k = 0; k < K; k++) {
        const off = <usize>(k * sK) << 2;
        const bv = load<f32>(b + (<usize>(k * N + j) << 2));
        x += load<f32>(a0 + off) * bv;
        y += load<f32>(a1 + off) * bv;
      }
      const p0 = c0 + (<usize>j << 2);
      const p1 = c1 + (<usize>j << 2);
      store<f32>(p0, accumulate ? load<f32>(p0) + x : x);
      store<f32>(p1, accumulate ? load<f32>(p1) + y : y);
    }
  }
  if (i < M) matmulRow(a + (<usize>(i * sI) << 2), b, c + (<usize>(i * N) << 2), N, K, sK, accumulate);
}

function matmulRow(a0: usize, b: usize, c0: usize, N: i32, K: i32, sK: i32, accumulate: i32): void {
  const n4 = N & ~3;
  let j = 0;
  for (; j < n4; j += 4) {
    let x = f32x4.splat(0);
    for (let k = 0; k < K; k++) x = madd(x, f32x4.splat(load<f32>(a0 + (<usize>(k * sK) << 2))), v128.load(b + (<usize>(k * N + j) << 2)));
    const p0 = c0 + (<usize>j << 2);
    v128.store(p0, accumulate ? f32x4.add(x, v128.load(p0)) : x);
  }
  for (; j < N; j++) {
    let x: f32 = 0;
    for (let k = 0; k < K; k++) x += load<f32>(a0 + (<usize>(k * sK) << 2)) * load<f32>(b + (<usize>(k * N + j) << 2));
    const p0 = c0 + (<usize>j << 2);
    store<f32>(p0, accumulate ? load<f32>(p0) + x : x);
  }
}

/** dst[cols, rows] = src[rows, cols]ᵀ */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) store<f32>(dst + (<usize>(c * rows + r) << 2), load<f32>(src + (<usize>(r * cols + c) << 2)));
}
