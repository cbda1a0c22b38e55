import { describe, expect, it } from 'vitest';
import { afterTrial, GPU_BUDGET_BYTES, placementPlan } from './placement';
import { isSoftwareAdapter } from './webgpu';

const gpu = { available: true, reason: '', software: false, adapter: 'NVIDIA' };

describe('placement', () => {
  it('starts on WASM at once on auto and tries a hardware WebGPU later; a chosen backend is used as is', () => {
    expect(placementPlan('auto', gpu, 1e6)).toMatchObject({ start: 'wasm', tryLater: 'webgpu' });
    expect(placementPlan('webgpu', gpu, 1e6)).toEqual({ start: 'webgpu', reason: 'WebGPU, as you chose' });
  });

  it('never tries a software adapter, a missing WebGPU or a model over the GPU budget on auto, and says why', () => {
    const soft = placementPlan('auto', { available: true, reason: '', software: true, adapter: 'SwiftShader' }, 1e6);
    expect(soft.tryLater).toBeUndefined();
    expect(soft.reason).toContain('software renderer (SwiftShader)');
    expect(placementPlan('auto', { available: false, reason: 'no adapter' }, 1e6).reason).toContain('no adapter');
    const big = placementPlan('auto', gpu, GPU_BUDGET_BYTES);
    expect(big.tryLater).toBeUndefined();
    expect(big.reason).toContain('GPU budget');
    expect(placementPlan('webgpu', { available: true, reason: '', software: true }, 1e6).start).toBe('webgpu');
  });

  it('switches only when the trial is measurably faster, and quotes both times', () => {
    expect(afterTrial({ wasm: 10, webgpu: 3 }, 'wasm', 'webgpu')).toMatchObject({
      backend: 'webgpu',
      reason: 'WebGPU: measurably faster in its warm-up (WebGPU 3.0 ms against WASM 10.0 ms per score)',
    });
    expect(afterTrial({ wasm: 10, webgpu: 9 }, 'wasm', 'webgpu').backend).toBe('wasm');
    expect(afterTrial({ wasm: 2.5, webgpu: 40 }, 'wasm', 'webgpu').reason).toContain('was not measurably faster');
  });

  it('recognises software adapters by flag or by name', () => {
    expect(isSoftwareAdapter({ isFallbackAdapter: true })).toBe(true);
    expect(isSoftwareAdapter({ info: { isFallbackAdapter: true } })).toBe(true);
    expect(isSoftwareAdapter({ info: { vendor: 'google', architecture: 'swiftshader' } })).toBe(true);
    expect(isSoftwareAdapter({ info: { vendor: 'nvidia', architecture: 'ampere' } })).toBe(false);
  });
});
