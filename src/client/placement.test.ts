import { describe, expect, it } from 'vitest';
import { backendsToTry, fastest, GPU_BUDGET_BYTES } from './placement';

const gpu = { available: true, reason: '' };

describe('placement', () => {
  it('tries both backends on auto, one when the user chose', () => {
    expect(backendsToTry('auto', gpu, 1e6).backends).toEqual(['wasm', 'webgpu']);
    expect(backendsToTry('webgpu', gpu, 1e6)).toEqual({ backends: ['webgpu'], reason: 'WebGPU, as you chose' });
  });
  it('stays on WASM without WebGPU, or when the model does not fit the GPU budget, and says why', () => {
    expect(backendsToTry('auto', { available: false, reason: 'no adapter' }, 1e6).reason).toContain('no adapter');
    const big = backendsToTry('auto', gpu, GPU_BUDGET_BYTES);
    expect(big.backends).toEqual(['wasm']);
    expect(big.reason).toContain('GPU budget');
  });
  it('keeps the fastest warm-up and quotes both times', () => {
    const p = fastest({ wasm: 2.5, webgpu: 40 });
    expect(p.backend).toBe('wasm');
    expect(p.reason).toBe('WASM: fastest warm-up (2.5 ms per score against WebGPU 40.0 ms)');
    expect(fastest({ wasm: 9, webgpu: 3 }).backend).toBe('webgpu');
  });
});
