export interface WebGpuSupport {
  available: boolean;
  /** Why WebGPU cannot be used, in words a user can act on; empty when available. */
  reason: string;
  /**
   * The adapter is a software fallback (SwiftShader and the like): it works, but far slower than WASM, so automatic
   * placement never waits for it.
   */
  software?: boolean;
  /** The adapter as the browser names it, for the Models view. */
  adapter?: string;
}

/** The parts of GPUAdapter and GPUAdapterInfo read here; `isFallbackAdapter` moved from the adapter to its info. */
interface AdapterFacts {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
}

/** Whether an adapter is a software renderer, from the flags the browser gives and the names it reports. */
export function isSoftwareAdapter(adapter: AdapterFacts): boolean {
  if (adapter.isFallbackAdapter || adapter.info?.isFallbackAdapter) return true;
  const names = [adapter.info?.vendor, adapter.info?.architecture, adapter.info?.device, adapter.info?.description].join(' ');
  return /swiftshader|llvmpipe|lavapipe|software|microsoft basic render/i.test(names);
}

const adapterName = (adapter: AdapterFacts) =>
  [adapter.info?.description, adapter.info?.vendor, adapter.info?.architecture].filter(Boolean).join(' · ') || 'unnamed adapter';

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
    const facts = adapter as unknown as AdapterFacts;
    return { available: true, reason: '', software: isSoftwareAdapter(facts), adapter: adapterName(facts) };
  } catch (e) {
    return { available: false, reason: `Asking for a WebGPU adapter failed: ${e instanceof Error ? e.message : String(e)}. Use WASM.` };
  }
}
