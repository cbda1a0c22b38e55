import { memo } from 'react';
import { LocalModelLoader } from './LocalModelLoader';
import { ModelsPanel } from './ModelsPanel';
import { ServedModelsPanel } from './ServedModelsPanel';
import { useWorkbench } from '../state/workbench';

/** Models: what is loaded, where it runs and why, parity between backends, and local folders. */
export const ModelsView = memo(function ModelsView() {
  const webgpu = useWorkbench((s) => s.webgpu);
  return (
    <>
      <p data-testid="webgpu-support">
        {!webgpu?.available
          ? `WebGPU is not available (${webgpu?.reason ?? 'not checked yet'}); every model runs on WASM.`
          : webgpu.software
            ? `WebGPU is available, but its only adapter is a software renderer (${webgpu.adapter ?? 'a fallback adapter'}), far slower than WASM. In Auto every model runs on WASM and nothing waits for it; choose WebGPU to use it anyway.`
            : `WebGPU is available (${webgpu.adapter ?? 'a hardware adapter'}). In Auto each model starts on WASM at once, is warmed up on WebGPU in the background, and moves there only if it is measurably faster; each model below says where it runs and why.`}
      </p>
      <ModelsPanel />
      <ServedModelsPanel />
      <LocalModelLoader />
    </>
  );
});
