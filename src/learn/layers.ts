/** Element-wise pieces of the GPT block, forward and backward, on flat row-major buffers. */
import type { Vec } from './kernels';

/** y = LN(x)·g + b per row; keeps x̂ and 1/σ for the backward pass. */
export function layerNormForward(x: Vec, n: number, d: number, g: Vec, b: Vec, eps: number, xhat: Vec, rstd: Vec, y: Vec): void {
  for (let r = 0; r < n; r++) {
    const o = r * d;
    let mean = 0;
    for (let i = 0; i < d; i++) mean += x[o + i];
    mean /= d;
    let variance = 0;
    for (let i = 0; i < d; i++) variance += (x[o + i] - mean) ** 2;
    const inv = 1 / Math.sqrt(variance / d + eps);
    rstd[r] = inv;
    for (let i = 0; i < d; i++) {
      const h = (x[o + i] - mean) * inv;
      xhat[o + i] = h;
      y[o + i] = h * g[i] + b[i];
    }
  }
}

/** dx += ∂L/∂x; dg, db accumulate. */
export function layerNormBackward(dy: Vec, n: number, d: number, g: Vec, xhat: Vec, rstd: Vec, dx: Vec, dg: Vec, db: Vec): void {
  for (let r = 0; r < n; r++) {
    const o = r * d;
    let meanD = 0;
    let meanDX = 0;
    for (let i = 0; i < d; i++) {
      const dh = dy[o + i] * g[i];
      meanD += dh;
      meanDX += dh * xhat[o + i];
      dg[i] += dy[o + i] * xhat[o + i];
      db[i] += dy[o + i];
    }
    meanD /= d;
    meanDX /= d;
    for (let i = 0; i < d; i++) dx[o + i] += rstd[r] * (dy[o + i] * g[i] - meanD - xhat[o + i] * meanDX);
  }
}

export function addBias(y: Vec, n: number, width: number, bias: Vec): void {
  for (let r = 0; r < n; r++) for (let i = 0; i < width; i++) y[r * width + i] += bias[i];
}

/** db += column sums of dy. */
export function biasBackward(dy: Vec, n: number, width: number, db: Vec): void {
  for (let r = 0; r < n; r++) for (let i = 0; i < width; i++) db[i] += dy[r * width + i];
}

const C = Math.sqrt(2 / Math.PI);

/** GPT-2's tanh GELU ("gelu_new"), applied from `x` into `y`; keeps the tanh for the backward pass. */
export function geluForward(x: Vec, y: Vec, tanh: Vec, count: number): void {
  for (let i = 0; i < count; i++) {
    const v = x[i];
    const t = (tanh[i] = Math.tanh(C * (v + 0.044715 * v * v * v)));
    y[i] = 0.5 * v * (1 + t);
  }
}

/** dx = dy · gelu'(x), in place over dy. */
export function geluBackward(x: Vec, tanh: Vec, dy: Vec, count: number): void {
  for (let i = 0; i < count; i++) {
    const v = x[i];
    const t = tanh[i];
    dy[i] *= 0.5 * (1 + t) + 0.5 * v * (1 - t * t) * C * (1 + 3 * 0.044715 * v * v);
  }
}

/** Row-wise causal softmax of an L×L score block, in place: row i keeps columns 0..i, the rest become 0. */
export function causalSoftmax(s: Vec, L: number, scale: number): void {
  for (let i = 0; i < L; i++) {
    const o = i * L;
    let max = -Infinity;
    for (let j = 0; j <= i; j++) max = Math.max(max, s[o + j] * scale);
    let sum = 0;
    for (let j = 0; j <= i; j++) sum += s[o + j] = Math.exp(s[o + j] * scale - max);
    for (let j = 0; j <= i; j++) s[o + j] /= sum;
    for (let j = i + 1; j < L; j++) s[o + j] = 0;
  }
}

/** Turns dP into dS (the gradient before the softmax, times the score scale), in place. */
export function causalSoftmaxBackward(p: Vec, dp: Vec, L: number, scale: number): void {
  for (let i = 0; i < L; i++) {
    const o = i * L;
    let dot = 0;
    for (let j = 0; j <= i; j++) dot += p[o + j] * dp[o + j];
    for (let j = 0; j <= i; j++) dp[o + j] = p[o + j] * (dp[o + j] - dot) * scale;
    for (let j = i + 1; j < L; j++) dp[o + j] = 0;
  }
}

/** x += y over the first `count` values. */
export function addInto(x: Vec, y: Vec, count: number): void {
  for (let i = 0; i < count; i++) x[i] += y[i];
}
