/**
 * Dynamic placement (design.md §4): which backend a model runs on, and why. Auto warms the model up on every backend
 * it may use and keeps the fastest; a model too large for the GPU budget stays on WASM; the user can override.
 */
import type { Backend } from '../runtime/protocol';

export type BackendChoice = 'auto' | Backend;

export interface Placement {
  backend: Backend;
  /** The decision in words, shown in the Models view. */
  reason: string;
  /** Median warm-up score time per backend tried, in ms. */
  warmUpMs: Partial<Record<Backend, number>>;
}

/** Default GPU memory budget per model: its weights must fit several times over (activations, KV cache). */
export const GPU_BUDGET_BYTES = 256 * 1024 * 1024;

/** The backends worth trying, or the one forced, with the reason when the choice is already made. */
export function backendsToTry(
  choice: BackendChoice,
  webgpu: { available: boolean; reason: string },
  modelBytes: number | null,
  gpuBudgetBytes = GPU_BUDGET_BYTES,
): { backends: Backend[]; reason: string } {
  if (choice !== 'auto') return { backends: [choice], reason: `${label(choice)}, as you chose` };
  if (!webgpu.available) return { backends: ['wasm'], reason: `WASM: WebGPU is not available (${webgpu.reason})` };
  if (modelBytes !== null && modelBytes * 4 > gpuBudgetBytes)
    return {
      backends: ['wasm'],
      reason: `WASM: the model (${mb(modelBytes)}) needs more than the GPU budget of ${mb(gpuBudgetBytes)} with room for activations`,
    };
  return { backends: ['wasm', 'webgpu'], reason: '' };
}

/** The faster of the warmed-up backends, and the numbers behind the choice. */
export function fastest(warmUpMs: Partial<Record<Backend, number>>): Placement {
  const tried = (Object.entries(warmUpMs) as [Backend, number][]).sort((a, b) => a[1] - b[1]);
  if (!tried.length) throw new Error('no backend was warmed up');
  const [best, ms] = tried[0];
  const others = tried.slice(1).map(([b, t]) => `${label(b)} ${t.toFixed(1)} ms`);
  return {
    backend: best,
    reason: `${label(best)}: fastest warm-up (${ms.toFixed(1)} ms per score${others.length ? ` against ${others.join(', ')}` : ''})`,
    warmUpMs,
  };
}

const label = (b: Backend) => (b === 'webgpu' ? 'WebGPU' : 'WASM');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
