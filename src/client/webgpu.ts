export interface WebGpuSupport {
  available: boolean;
  /** Why WebGPU cannot be used, in words a user can act on; empty when available. */
  reason: string;
}

/** Asks the browser for a WebGPU adapter; never throws. */
export async function detectWebGpu(): Promise<WebGpuSupport> {
  if (typeof navigator === 'undefined' || !('gpu' in navigator) || !navigator.gpu) {
    return {
      available: false,
      reason: 'This browser has no WebGPU (navigator.gpu is missing). Use WASM, or a browser with WebGPU enabled.',
    };
  }
  try {
    const adapter = await navigator.gpu.requestAdapter();
    if (!adapter)
      return { available: false, reason: 'WebGPU is present but offers no GPU adapter (the GPU may be blocklisted). Use WASM.' };
    return { available: true, reason: '' };
  } catch (e) {
    return { available: false, reason: `Asking for a WebGPU adapter failed: ${e instanceof Error ? e.message : String(e)}. Use WASM.` };
  }
}
