/** AdamW with global-norm clipping, and a learning-rate schedule driven by the step count (never by wall time). */
import type { Vec } from './kernels';

export interface AdamWOptions {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Clip the gradient to this global L2 norm; 0 disables clipping. */
  clipNorm: number;
}

export const ADAMW_DEFAULTS: AdamWOptions = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, clipNorm: 1 };

/** Decoupled weight decay applies to weight matrices only: not to biases, LayerNorm gains or position embeddings. */
export function decays(name: string): boolean {
  return name.endsWith('.weight') && !/\.ln_\w+\.weight$/.test(name) && name !== 'transformer.wpe.weight';
}

/** 1 where weight decay applies, per element of the flat parameter vector laid out as `sizes` (name, element count) in order. */
export function decayMask(sizes: Iterable<readonly [string, number]>): Uint8Array {
  const entries = [...sizes];
  const mask = new Uint8Array(entries.reduce((n, [, size]) => n + size, 0));
  let at = 0;
  for (const [name, size] of entries) {
    if (decays(name)) mask.fill(1, at, at + size);
    at += size;
  }
  return mask;
}

export interface AdamWState {
  m: Float32Array;
  v: Float32Array;
  t: number;
}

export class AdamW {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;

  constructor(
    size: number,
    /** 1 where weight decay applies, per element of the flat parameter vector. */
    private readonly decayMask: Uint8Array,
    private readonly options: AdamWOptions = ADAMW_DEFAULTS,
  ) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /** The moments and the step count, copied: with the parameters, all an interrupted run needs to go on. */
  state(): AdamWState {
    return { m: Float32Array.from(this.m), v: Float32Array.from(this.v), t: this.t };
  }

  restore(state: AdamWState): void {
    if (state.m.length !== this.m.length || state.v.length !== this.v.length)
      throw new Error(`optimizer state of ${state.m.length} values does not fit ${this.m.length} parameters`);
    this.m.set(state.m);
    this.v.set(state.v);
    this.t = state.t;
  }

  /** One update of `params` from `grads`: the moments take the (clipped) gradient, then `apply`; returns the norm before clipping. */
  step(params: Vec, grads: Vec, lr: number): number {
    const { beta1, beta2, clipNorm } = this.options;
    let sq = 0;
    for (let i = 0; i < grads.length; i++) sq += grads[i] * grads[i];
    const norm = Math.sqrt(sq);
    const scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1;
    this.t++;
    const { m, v } = this;
    for (let i = 0; i < params.length; i++) {
      const g = grads[i] * scale;
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
    }
    this.apply(params, lr);
    return norm;
  }

  /**
   * Moves `params` by the current moments: decoupled decay, then lr·m̂/(√v̂ + ε). Exposed so that a test can recompute an
   * update from a saved state (and so check the learning rate a run used) with the very code that took it.
   */
  apply(params: Vec, lr: number): void {
    const { beta1, beta2, eps, weightDecay } = this.options;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    const { m, v, decayMask } = this;
    for (let i = 0; i < params.length; i++) {
      if (decayMask[i]) params[i] -= lr * weightDecay * params[i];
      params[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
    }
  }
}

export interface Schedule {
  lr: number;
  warmupSteps: number;
  totalSteps: number;
  /** The final learning rate as a fraction of `lr`. */
  minRatio: number;
}

/** Linear warm-up, then cosine decay to lr·minRatio at totalSteps. */
export function learningRate(s: Schedule, step: number): number {
  if (step < s.warmupSteps) return (s.lr * (step + 1)) / s.warmupSteps;
  const progress = Math.min(1, (step - s.warmupSteps) / Math.max(1, s.totalSteps - s.warmupSteps));
  return s.lr * (s.minRatio + (1 - s.minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}
