/** One copy of the model with its optimizer: computes gradients on a shard and applies an update. Runs anywhere. */
import { elementCount, paramShapes, type ModelConfig, type Weights } from '../model/config';
import { TrainableGpt, type BatchCapacity } from './gpt';
import type { Kernels } from './kernels';
import { applyObjective, type LossResult } from './losses';
import { AdamW, decayMask, type AdamWOptions, type AdamWState } from './optimizer';
import type { Packed } from './packing';

export interface ReplicaSpec {
  cfg: ModelConfig;
  capacity: BatchCapacity;
  weights: Weights;
  adamw: AdamWOptions;
  /** λ of an L2 penalty (λ/2)·‖θ − θ₀‖² that keeps the weights near where they started; 0 or absent for none. */
  anchor?: number;
}

/** Everything a run needs to go on later from where it stopped: the flat parameters and the optimizer's state. */
export interface ReplicaState {
  params: Float32Array;
  adamw: AdamWState;
}

export class Replica {
  readonly model: TrainableGpt;
  private readonly optimizer: AdamW;
  private readonly start: Float32Array | null;
  private readonly anchor: number;

  /** `wholeSquares`: see TrainableGpt (the bench's baseline). */
  constructor(spec: ReplicaSpec, kernels: Kernels, wholeSquares = false) {
    this.model = new TrainableGpt(spec.cfg, kernels, spec.capacity, wholeSquares);
    this.model.setWeights(spec.weights);
    const mask = decayMask(Object.entries(paramShapes(spec.cfg)).map(([name, shape]) => [name, elementCount(shape)] as const));
    this.optimizer = new AdamW(this.model.params.length, mask, spec.adamw);
    this.anchor = spec.anchor ?? 0;
    this.start = this.anchor > 0 ? Float32Array.from(this.model.params) : null;
  }

  /** Zeroes the gradients, then forward, loss and backward on one shard; the gradients stay in model.grads. */
  gradients(packed: Packed): LossResult {
    const m = this.model;
    m.grads.fill(0);
    m.forward(packed.batch);
    const width = m.cfg.head === 'lm' ? m.cfg.vocabSize : 1;
    const result = applyObjective(packed.objective, m.out, m.dOut, width, packed.batch.ids.length);
    m.backward();
    return result;
  }

  state(): ReplicaState {
    return { params: Float32Array.from(this.model.params), adamw: this.optimizer.state() };
  }

  restore(state: ReplicaState): void {
    if (state.params.length !== this.model.params.length)
      throw new Error(`a state of ${state.params.length} parameters does not fit a model of ${this.model.params.length}`);
    this.model.params.set(state.params);
    this.optimizer.restore(state.adamw);
  }

  /** Applies AdamW with the given (already averaged) gradients; returns their norm before clipping. */
  update(grads: Float32Array | null, lr: number): number {
    if (grads) this.model.grads.set(grads);
    const { params, grads: g } = this.model;
    if (this.start) for (let i = 0; i < params.length; i++) g[i] += this.anchor * (params[i] - this.start[i]);
    return this.optimizer.step(this.model.params, this.model.grads, lr);
  }
}
