/**
 * Dynamic placement (design.md §4): which backend a model runs on, and why. Auto never makes the page wait for a
 * GPU: a model starts on WASM at once, and WebGPU is tried in the background, only on a real (hardware) adapter, and
 * kept only when it is measurably faster. A model too large for the GPU budget stays on WASM; the user can override.
 */
import type { BackendChoice } from '../domain/backend';
import type { WebGpuSupport } from './webgpu';
import type { Backend } from '../domain/backend';

export interface Placement {
  backend: Backend;
  /** The decision in words, shown in the Models view. */
  reason: string;
  /** Median warm-up score time per backend tried, in ms. */
  warmUpMs: Partial<Record<Backend, number>>;
}

/** Default GPU memory budget per model: its weights must fit several times over (activations, KV cache). */
export const GPU_BUDGET_BYTES = 256 * 1024 * 1024;

/** WebGPU replaces WASM only when its warm-up is at least this much faster, so noise never moves a model. */
export const SWITCH_RATIO = 0.8;

export interface PlacementPlan {
  /** The backend the model starts on, at once. */
  start: Backend;
  /** A backend to warm up in the background, and switch to if it is measurably faster. */
  tryLater?: Backend;
  reason: string;
}

/** Where a model starts, and what is tried later, with the reason when nothing is left to try. */
export function placementPlan(
  choice: BackendChoice,
  webgpu: WebGpuSupport,
  modelBytes: number | null,
  gpuBudgetBytes = GPU_BUDGET_BYTES,
): PlacementPlan {
  if (choice !== 'auto') return { start: choice, reason: `${label(choice)}, as you chose` };
  if (!webgpu.available) return { start: 'wasm', reason: `WASM: WebGPU is not available (${webgpu.reason})` };
  if (webgpu.software)
    return {
      start: 'wasm',
      reason: `WASM: the only WebGPU adapter is a software renderer (${webgpu.adapter ?? 'a fallback adapter'}), far slower than WASM; choose WebGPU to use it anyway`,
    };
  if (modelBytes !== null && modelBytes * 4 > gpuBudgetBytes)
    return {
      start: 'wasm',
      reason: `WASM: the model (${mb(modelBytes)}) needs more than the GPU budget of ${mb(gpuBudgetBytes)} with room for activations`,
    };
  return { start: 'wasm', tryLater: 'webgpu', reason: 'WASM for now; WebGPU is being tried in the background' };
}

/** The verdict once the background backend has warmed up: switch only when it is measurably faster. */
export function afterTrial(warmUpMs: Partial<Record<Backend, number>>, current: Backend, trial: Backend): Placement {
  const now = warmUpMs[current];
  const tried = warmUpMs[trial];
  if (now === undefined || tried === undefined) throw new Error('both backends must be warmed up');
  const times = `${label(trial)} ${tried.toFixed(1)} ms against ${label(current)} ${now.toFixed(1)} ms per score`;
  return tried < now * SWITCH_RATIO
    ? { backend: trial, reason: `${label(trial)}: measurably faster in its warm-up (${times})`, warmUpMs }
    : { backend: current, reason: `${label(current)}: ${label(trial)} was not measurably faster in its warm-up (${times})`, warmUpMs };
}

const label = (b: Backend) => (b === 'webgpu' ? 'WebGPU' : 'WASM');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
