/**
 * The Models view's parity check: the model is loaded twice more, once on WebGPU only and once on WASM only, both
 * score the trace on the page, and the largest difference of any output is reported against the 1e-4 tolerance.
 */
import { create } from 'zustand';
import { ModelController } from '../client/modelController';
import { runDifference, type RunDifference } from '../eval/parity';
import { toWorkbenchError } from '../domain/errors';
import { controllerSetup, currentTrace } from './workbench';
import { DEFAULT_SCORING } from '../methods/method';

export const PARITY_TOLERANCE = 1e-4;

export type ParityResult =
  | { state: 'running' }
  | {
      state: 'done';
      difference: RunDifference;
      pass: boolean;
      webgpuMs: number;
      wasmMs: number;
      tokens: number;
      /** The WebGPU copy's execution providers and whether ORT's GPU device exists: proof it did not fall back. */
      providers: string[];
      deviceExists: boolean;
    }
  | { state: 'failed'; message: string };

interface ParityState {
  results: Record<string, ParityResult>;
  check: (id: string) => Promise<void>;
}

export const useParity = create<ParityState>()((set) => {
  const put = (id: string, r: ParityResult) => set((s) => ({ results: { ...s.results, [id]: r } }));
  return {
    results: {},
    async check(id) {
      put(id, { state: 'running' });
      const setup = controllerSetup(id);
      const quiet = { notice: () => undefined, changed: () => undefined };
      const controllers = (['webgpu', 'wasm'] as const).map(
        (backend) => new ModelController(setup.source, backend, setup.webgpu, quiet, () => 1, setup.card),
      );
      try {
        if (!setup.webgpu.available) throw new Error(`WebGPU is not available here (${setup.webgpu.reason})`);
        const trace = currentTrace();
        const [gpu, cpu] = await Promise.all(
          controllers.map(async (c, i) => {
            const [run] = await c.score([trace], DEFAULT_SCORING).done;
            // A model that fell back to WASM would compare WASM with itself.
            const want = i === 0 ? 'webgpu' : 'wasm';
            if (run.device !== want) throw new Error(`the ${want} copy ran on ${run.device} instead`);
            return run;
          }),
        );
        const difference = runDifference(gpu, cpu);
        const info = controllers[0].info;
        put(id, {
          state: 'done',
          difference,
          pass: difference.maxAbsDiff <= PARITY_TOLERANCE,
          webgpuMs: gpu.timingMs.run,
          wasmMs: cpu.timingMs.run,
          tokens: gpu.tokens.length,
          providers: info?.executionProviders ?? [],
          deviceExists: info?.gpu?.deviceExists ?? false,
        });
      } catch (e) {
        put(id, { state: 'failed', message: toWorkbenchError(e).message });
      } finally {
        controllers.forEach((c) => c.dispose());
      }
    },
  };
});
