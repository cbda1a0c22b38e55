// AssemblyScript, compiled by `npm run build:kernels` to kernels.wasm. Row-major f32 matrices; pointers are byte offsets.
// C[M,N] (+)= A·B where A(i,k) sits at a + 4·(i·sI + k·sK) (sI = lda, sK = 1 for A[M,K]; sI = 1, sK = lda for Aᵀ with
// A[K,M]), B(k,j) at b + 4·(k·ldb + j) and C(i,j) at c + 4·(i·ldc + j).
// causal: 0 full; 1 only C(i,j) with j ≤ i is wanted; 2 A(i,k) = 0 for k > i; 3 B(k,j) = 0 for k < j. Skipping those terms adds no rounding: a product with a zero adds ±0.

@inline function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}

@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 2);
}

// K is cut into panels of KC so that a panel of B stays in cache while every row of C visits it; each C value is still
// summed over k in order from +0, carried between panels through C (or `tmp` while accumulating), so the bits are
// those of one pass.
const KC = 256;

export function matmul(
  a: usize, b: usize, c: usize, M: i32, N: i32, K: i32, sI: i32, sK: i32, ldb: i32, ldc: i32, accumulate: i32, causal: i32,
  tmp: usize,
): void {
  for (let k0 = 0; k0 < K || k0 == 0; k0 += KC) {
    const k1 = min(K, k0 + KC);
    const last = k1 == K;
    const dst = accumulate && !last ? tmp : c;
    const ldd = accumulate && !last ? N : ldc;
    const from = k0 == 0 ? 0 : accumulate ? tmp : c;
    const ldf = accumulate ? N : ldc;
    panel(a, b, M, N, k0, k1, sI, sK, ldb, causal, from, ldf, dst, ldd, accumulate && last ? c : 0, ldc);
  }
}

/** One K panel [k0, k1): C tiles start from `from` (0: zero), add `add` at the end (0: nothing), go to `dst`. */
function panel(
  a: usize, b: usize, M: i32, N: i32, k0: i32, k1: i32, sI: i32, sK: i32, ldb: i32, causal: i32,
  from: usize, ldf: i32, dst: usize, ldd: i32, add: usize, ldAdd: i32,
): void {
  const n16 = N & ~15;
  const n4 = N & ~3;
  let i = 0;
  for (; i + 1 < M; i += 2) {
    const kTo = kEnd(causal, k1, i + 1);
    const a0 = at(a, i * sI);
    const a1 = at(a, (i + 1) * sI);
    for (let j = 0; j < n16; j += 16) {
      if (causal == 1 && j > i + 1) break;
      const kFrom = kStart(causal, k0, j);
      let x0 = f32x4.splat(0), x1 = f32x4.splat(0), x2 = f32x4.splat(0), x3 = f32x4.splat(0);
      let y0 = f32x4.splat(0), y1 = f32x4.splat(0), y2 = f32x4.splat(0), y3 = f32x4.splat(0);
      if (from) {
        const f0 = at(from, i * ldf + j), f1 = at(from, (i + 1) * ldf + j);
        x0 = v128.load(f0); x1 = v128.load(f0, 16); x2 = v128.load(f0, 32); x3 = v128.load(f0, 48);
        y0 = v128.load(f1); y1 = v128.load(f1, 16); y2 = v128.load(f1, 32); y3 = v128.load(f1, 48);
      }
      // Pointers step by their strides: no multiply per k in the innermost loop.
      const da = <usize>sK << 2, db = <usize>ldb << 2;
      let pa = a0 + (<usize>(kFrom * sK) << 2), pq = a1 + (<usize>(kFrom * sK) << 2), bp = at(b, kFrom * ldb + j);
      for (let k = kFrom; k < kTo; k++) {
        const p = v128.load32_splat(pa);
        const q = v128.load32_splat(pq);
        const b0 = v128.load(bp), b1 = v128.load(bp, 16), b2 = v128.load(bp, 32), b3 = v128.load(bp, 48);
        x0 = madd(x0, p, b0); x1 = madd(x1, p, b1); x2 = madd(x2, p, b2); x3 = madd(x3, p, b3);
        y0 = madd(y0, q, b0); y1 = madd(y1, q, b1); y2 = madd(y2, q, b2); y3 = madd(y3, q, b3);
        pa += da; pq += da; bp += db;
      }
      if (add) {
        const p0 = at(add, i * ldAdd + j), p1 = at(add, (i + 1) * ldAdd + j);
        x0 = f32x4.add(x0, v128.load(p0)); x1 = f32x4.add(x1, v128.load(p0, 16));
        x2 = f32x4.add(x2, v128.load(p0, 32)); x3 = f32x4.add(x3, v128.load(p0, 48));
        y0 = f32x4.add(y0, v128.load(p1)); y1 = f32x4.add(y1, v128.load(p1, 16));
        y2 = f32x4.add(y2, v128.load(p1, 32)); y3 = f32x4.add(y3, v128.load(p1, 48));
      }
      const p0 = at(dst, i * ldd + j), p1 = at(dst, (i + 1) * ldd + j);
      v128.store(p0, x0); v128.store(p0, x1, 16); v128.store(p0, x2, 32); v128.store(p0, x3, 48);
      v128.store(p1, y0); v128.store(p1, y1, 16); v128.store(p1, y2, 32); v128.store(p1, y3, 48);
    }
    for (let r = i; r < i + 2; r++) rowTail(a, b, r, n16, n4, N, k0, k1, sI, sK, ldb, causal, from, ldf, dst, ldd, add, ldAdd);
  }
  if (i < M) rowTail(a, b, i, 0, n4, N, k0, k1, sI, sK, ldb, causal, from, ldf, dst, ldd, add, ldAdd);
}

/** Where a tile's sum over k starts: causal 3 skips the rows of B that are zero in all of its columns (j on). */
@inline function kStart(causal: i32, k0: i32, j: i32): i32 {
  return causal == 3 ? max(k0, j) : k0;
}

/** Where it ends for rows up to `last`: causal 2 skips the columns of A that are zero in all of them. */
@inline function kEnd(causal: i32, k1: i32, last: i32): i32 {
  return causal == 2 ? min(k1, last + 1) : k1;
}

/** Columns [j0, N) of row i: four at a time below n4, then one at a time. */
function rowTail(
  a: usize, b: usize, i: i32, j0: i32, n4: i32, N: i32, k0: i32, k1: i32, sI: i32, sK: i32, ldb: i32, causal: i32,
  from: usize, ldf: i32, dst: usize, ldd: i32, add: usize, ldAdd: i32,
): void {
  const a0 = at(a, i * sI);
  const kTo = kEnd(causal, k1, i);
  for (let j = j0; j < N; j += j < n4 ? 4 : 1) {
    if (causal == 1 && j > i) return;
    const kFrom = kStart(causal, k0, j);
    const c = i * ldd + j;
    if (j < n4) {
      let x = from ? v128.load(at(from, i * ldf + j)) : f32x4.splat(0);
      for (let k = kFrom; k < kTo; k++) x = madd(x, v128.load32_splat(a0 + (<usize>(k * sK) << 2)), v128.load(at(b, k * ldb + j)));
      if (add) x = f32x4.add(x, v128.load(at(add, i * ldAdd + j)));
      v128.store(at(dst, c), x);
    } else {
      let x: f32 = from ? load<f32>(at(from, i * ldf + j)) : 0;
      for (let k = kFrom; k < kTo; k++) x += load<f32>(a0 + (<usize>(k * sK) << 2)) * load<f32>(at(b, k * ldb + j));
      if (add) x += load<f32>(at(add, i * ldAdd + j));
      store<f32>(at(dst, c), x);
    }
  }
}

/** dst[cols, rows] = src[rows, cols]ᵀ, src rows `lds` and dst rows `ldd` floats apart. */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32, lds: i32, ldd: i32): void {
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) store<f32>(at(dst, c * ldd + r), load<f32>(at(src, r * lds + c)));
}

// ---- Element-wise passes. Sums of two floats round as the JS loops' do (f64 then f32 is the correctly rounded f32
// sum), so add, addBias and biasBackward give the same bits; the rest are float32 and only close to the JS loops.

/** x[i] += y[i] */
export function addInto(x: usize, y: usize, count: i32): void {
  const c4 = count & ~3;
  let i = 0;
  for (; i < c4; i += 4) v128.store(at(x, i), f32x4.add(v128.load(at(x, i)), v128.load(at(y, i))));
  for (; i < count; i++) store<f32>(at(x, i), load<f32>(at(x, i)) + load<f32>(at(y, i)));
}

/** y[r, i] += bias[i] */
export function addBias(y: usize, n: i32, width: i32, bias: usize): void {
  for (let r = 0; r < n; r++) addInto(at(y, r * width), bias, width);
}

/** db[i] += Σ_r dy[r, i] */
export function biasBackward(dy: usize, n: i32, width: i32, db: usize): void {
  for (let r = 0; r < n; r++) addInto(db, at(dy, r * width), width);
}

@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

export function layerNormForward(x: usize, n: i32, d: i32, g: usize, b: usize, eps: f32, xhat: usize, rstd: usize, y: usize): void {
  const d4 = d & ~3;
  for (let r = 0; r < n; r++) {
    const o = r * d;
    let s = f32x4.splat(0);
    let i = 0;
    for (; i < d4; i += 4) s = f32x4.add(s, v128.load(at(x, o + i)));
    let sum = hsum(s);
    for (; i < d; i++) sum += load<f32>(at(x, o + i));
    const mean = sum / <f32>d;
    const m = f32x4.splat(mean);
    s = f32x4.splat(0);
    for (i = 0; i < d4; i += 4) {
      const v = f32x4.sub(v128.load(at(x, o + i)), m);
      s = madd(s, v, v);
    }
    let variance = hsum(s);
    for (; i < d; i++) {
      const v = load<f32>(at(x, o + i)) - mean;
      variance += v * v;
    }
    const inv: f32 = 1 / Mathf.sqrt(variance / <f32>d + eps);
    store<f32>(at(rstd, r), inv);
    const iv = f32x4.splat(inv);
    for (i = 0; i < d4; i += 4) {
      const h = f32x4.mul(f32x4.sub(v128.load(at(x, o + i)), m), iv);
      v128.store(at(xhat, o + i), h);
      v128.store(at(y, o + i), f32x4.add(f32x4.mul(h, v128.load(at(g, i))), v128.load(at(b, i))));
    }
    for (; i < d; i++) {
      const h = (load<f32>(at(x, o + i)) - mean) * inv;
      store<f32>(at(xhat, o + i), h);
      store<f32>(at(y, o + i), h * load<f32>(at(g, i)) + load<f32>(at(b, i)));
    }
  }
}

export function layerNormBackward(dy: usize, n: i32, d: i32, g: usize, xhat: usize, rstd: usize, dx: usize, dg: usize, db: usize): void {
  const d4 = d & ~3;
  for (let r = 0; r < n; r++) {
    const o = r * d;
    let sD = f32x4.splat(0), sDX = f32x4.splat(0);
    let i = 0;
    for (; i < d4; i += 4) {
      const dyv = v128.load(at(dy, o + i));
      const h = v128.load(at(xhat, o + i));
      const dh = f32x4.mul(dyv, v128.load(at(g, i)));
      sD = f32x4.add(sD, dh);
      sDX = madd(sDX, dh, h);
      v128.store(at(dg, i), madd(v128.load(at(dg, i)), dyv, h));
      v128.store(at(db, i), f32x4.add(v128.load(at(db, i)), dyv));
    }
    let meanD = hsum(sD), meanDX = hsum(sDX);
    for (; i < d; i++) {
      const dyv = load<f32>(at(dy, o + i));
      const h = load<f32>(at(xhat, o + i));
      const dh = dyv * load<f32>(at(g, i));
      meanD += dh;
      meanDX += dh * h;
      store<f32>(at(dg, i), load<f32>(at(dg, i)) + dyv * h);
      store<f32>(at(db, i), load<f32>(at(db, i)) + dyv);
    }
    meanD /= <f32>d;
    meanDX /= <f32>d;
    const inv = load<f32>(at(rstd, r));
    const iv = f32x4.splat(inv), mD = f32x4.splat(meanD), mDX = f32x4.splat(meanDX);
    for (i = 0; i < d4; i += 4) {
      const t = f32x4.sub(f32x4.sub(f32x4.mul(v128.load(at(dy, o + i)), v128.load(at(g, i))), mD), f32x4.mul(v128.load(at(xhat, o + i)), mDX));
      v128.store(at(dx, o + i), madd(v128.load(at(dx, o + i)), iv, t));
    }
    for (; i < d; i++) {
      const t = load<f32>(at(dy, o + i)) * load<f32>(at(g, i)) - meanD - load<f32>(at(xhat, o + i)) * meanDX;
      store<f32>(at(dx, o + i), load<f32>(at(dx, o + i)) + inv * t);
    }
  }
}

/**
 * eˣ on four lanes: 2ⁿ·p(r) with x = n·ln 2 + r, |r| ≤ ln 2 / 2, p of degree 6 (about 1 ulp); x below −87.3 gives
 * ~1e-38. n is rounded by adding 1.5·2²³, whose low mantissa bits then hold n, so 2ⁿ is an integer add and a shift.
 * pmin/pmax are one instruction each, where min/max must also order NaNs and signed zeros.
 */
@inline function expv(x: v128): v128 {
  const xc = f32x4.pmax(f32x4.pmin(x, f32x4.splat(88.3)), f32x4.splat(-87.3));
  const t = f32x4.add(f32x4.mul(xc, f32x4.splat(1.44269504)), f32x4.splat(12582912));
  const n = f32x4.sub(t, f32x4.splat(12582912));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693145752))), f32x4.mul(n, f32x4.splat(1.42860677e-6)));
  let p = f32x4.splat(1.0 / 720.0);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 120.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 24.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0 / 6.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.5));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  return f32x4.mul(p, i32x4.shl(i32x4.add(t, i32x4.splat(127 - 0x4b400000)), 23));
}

/** tanh on four lanes as sign(u)·(1 − 2 / (e^{2|u|} + 1)); |u| is capped at 9, where tanh is 1 in float32. */
@inline function tanhv(u: v128): v128 {
  const a = f32x4.pmin(f32x4.abs(u), f32x4.splat(9));
  const t = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(expv(f32x4.add(a, a)), f32x4.splat(1))));
  return v128.or(t, v128.and(u, i32x4.splat(0x80000000)));
}

@inline function expf1(x: f32): f32 {
  return f32x4.extract_lane(expv(f32x4.splat(x)), 0);
}

// GPT-2's tanh GELU: y = ½·v·(1 + tanh(√(2/π)·(v + 0.044715·v³))).
const GELU_C: f32 = 0.7978845608;

@inline function geluInner(v: v128): v128 {
  return f32x4.mul(f32x4.splat(GELU_C), madd(v, f32x4.mul(f32x4.splat(0.044715), f32x4.mul(v, v)), v));
}

/** count must be a multiple of 4 (a row of the MLP is 4·d floats). */
export function geluForward(x: usize, y: usize, tanh: usize, count: i32): void {
  const half = f32x4.splat(0.5), one = f32x4.splat(1);
  for (let i = 0; i < count; i += 4) {
    const v = v128.load(at(x, i));
    const t = tanhv(geluInner(v));
    v128.store(at(tanh, i), t);
    v128.store(at(y, i), f32x4.mul(f32x4.mul(half, v), f32x4.add(one, t)));
  }
}

/** dy ·= gelu'(x), from the tanh kept by the forward pass; count a multiple of 4. */
export function geluBackward(x: usize, tanh: usize, dy: usize, count: i32): void {
  const half = f32x4.splat(0.5), one = f32x4.splat(1), c = f32x4.splat(GELU_C), c3 = f32x4.splat(3 * 0.044715);
  for (let i = 0; i < count; i += 4) {
    const v = v128.load(at(x, i));
    const t = v128.load(at(tanh, i));
    const slope = f32x4.mul(f32x4.mul(f32x4.mul(half, v), f32x4.sub(one, f32x4.mul(t, t))), f32x4.mul(c, madd(one, c3, f32x4.mul(v, v))));
    v128.store(at(dy, i), f32x4.mul(v128.load(at(dy, i)), f32x4.add(f32x4.mul(half, f32x4.add(one, t)), slope)));
  }
}

/** Row-wise causal softmax of an L×L block, in place: row i keeps columns 0..i, the rest become 0. */
export function causalSoftmax(s: usize, L: i32, scale: f32): void {
  const sc = f32x4.splat(scale);
  for (let i = 0; i < L; i++) {
    const o = at(s, i * L);
    const len = i + 1;
    const l4 = len & ~3;
    let mv = f32x4.splat(-Infinity);
    let j = 0;
    for (; j < l4; j += 4) mv = f32x4.pmax(mv, v128.load(at(o, j)));
    let top = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
    for (; j < len; j++) top = max(top, load<f32>(at(o, j)));
    // scale > 0, so the largest scaled score is the scaled largest score.
    const m = f32x4.splat(top * scale);
    let sv = f32x4.splat(0);
    for (j = 0; j < l4; j += 4) {
      const e = expv(f32x4.sub(f32x4.mul(v128.load(at(o, j)), sc), m));
      v128.store(at(o, j), e);
      sv = f32x4.add(sv, e);
    }
    let sum = hsum(sv);
    for (; j < len; j++) {
      const e = expf1(load<f32>(at(o, j)) * scale - top * scale);
      store<f32>(at(o, j), e);
      sum += e;
    }
    const inv = f32x4.splat(<f32>1 / sum);
    for (j = 0; j < l4; j += 4) v128.store(at(o, j), f32x4.mul(v128.load(at(o, j)), inv));
    for (; j < len; j++) store<f32>(at(o, j), load<f32>(at(o, j)) * (<f32>1 / sum));
    for (; j < L; j++) store<f32>(at(o, j), 0);
  }
}

/** dS = P ⊙ (dP − rowsum(P ⊙ dP)) · scale over the causal part, in place over dP; the rest becomes 0. */
export function causalSoftmaxBackward(p: usize, dp: usize, L: i32, scale: f32): void {
  const sc = f32x4.splat(scale);
  for (let i = 0; i < L; i++) {
    const po = at(p, i * L);
    const d = at(dp, i * L);
    const len = i + 1;
    const l4 = len & ~3;
    let sv = f32x4.splat(0);
    let j = 0;
    for (; j < l4; j += 4) sv = madd(sv, v128.load(at(po, j)), v128.load(at(d, j)));
    let dot = hsum(sv);
    for (; j < len; j++) dot += load<f32>(at(po, j)) * load<f32>(at(d, j));
    const dv = f32x4.splat(dot);
    for (j = 0; j < l4; j += 4)
      v128.store(at(d, j), f32x4.mul(f32x4.mul(v128.load(at(po, j)), f32x4.sub(v128.load(at(d, j)), dv)), sc));
    for (; j < len; j++) store<f32>(at(d, j), load<f32>(at(po, j)) * (load<f32>(at(d, j)) - dot) * scale);
    for (; j < L; j++) store<f32>(at(d, j), 0);
  }
}
