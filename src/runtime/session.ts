import { errorText, fail } from '../domain/errors';
import type * as OrtWeb from 'onnxruntime-web';
import type { GpuFacts } from './protocol';
import type { Backend } from '../domain/backend';
import type { ExternalDataFile } from './modelFiles';

/** onnxruntime-web as a model worker imports it: `ortWasm.ts` or `ortWebgpu.ts` (the two builds share one API). */
export type Ort = typeof OrtWeb;

/**
 * WASM threads need cross-origin isolation (COOP/COEP); without it ORT can only use one. `wanted` is this worker's
 * share of the cores, so several models side by side do not oversubscribe the CPU.
 */
export function wasmThreadCount(wanted: number): number {
  return self.crossOriginIsolated ? Math.max(1, Math.min(4, wanted, navigator.hardwareConcurrency || 1)) : 1;
}

async function requireWebGpu(): Promise<void> {
  if (!('gpu' in navigator) || !navigator.gpu) {
    fail(
      'webgpu-unavailable',
      'This browser exposes no WebGPU (navigator.gpu is missing).',
      'Switch to the WASM backend, or use a browser with WebGPU enabled.',
    );
  }
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter)
    fail(
      'webgpu-unavailable',
      'WebGPU is present but no GPU adapter is available.',
      'Switch to the WASM backend; the GPU may be blocklisted or busy.',
    );
}

const CORRUPT = /protobuf|parsing|ModelProto|Load model|invalid model|graph|opset|magic/i;

/**
 * Creates a session on exactly one execution provider. Listing a second provider would let ORT fall back silently,
 * and the page would claim a backend that never ran.
 */
export async function createSession(
  ort: Ort,
  bytes: Uint8Array,
  backend: Backend,
  label: string,
  threads: number,
  externalData: readonly ExternalDataFile[] = [],
): Promise<OrtWeb.InferenceSession> {
  if (backend === 'webgpu') await requireWebGpu();
  ort.env.wasm.numThreads = wasmThreadCount(threads);
  try {
    // Severity 3 (errors): every WebGPU session otherwise warns that shape ops stay on the CPU, which is expected.
    return await ort.InferenceSession.create(bytes, {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3,
      ...(externalData.length ? { externalData: externalData.map((f) => ({ path: f.path, data: f.data })) } : {}),
    });
  } catch (e) {
    const text = errorText(e);
    if (backend === 'wasm' || CORRUPT.test(text)) {
      fail(
        'model-file-corrupt',
        `${label} could not be read as an ONNX model (${text}).`,
        'The file is truncated or is not ONNX. Export it again or copy the model folder again.',
      );
    }
    fail('backend-failed', `The ${backend} backend could not run ${label}: ${text}`, 'Switch to the WASM backend.');
  }
}

/** Facts about the GPUDevice that ORT's WebGPU backend really uses; call after a webgpu session exists. */
export async function gpuFacts(ort: Ort, onLost: (message: string) => void): Promise<GpuFacts> {
  const device = (await ort.env.webgpu.device) as GPUDevice | undefined;
  const limits = {
    maxBufferSize: device?.limits.maxBufferSize ?? 0,
    maxStorageBufferBindingSize: device?.limits.maxStorageBufferBindingSize ?? 0,
  };
  if (!device) return { deviceExists: false, vendor: '', architecture: '', description: '', features: [], limits };
  void device.lost.then((info) => onLost(info.message || info.reason || 'unknown reason'));
  const info = device.adapterInfo;
  return {
    deviceExists: device instanceof GPUDevice,
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    description: info?.description ?? '',
    features: [...device.features].map(String).sort(),
    limits,
  };
}
