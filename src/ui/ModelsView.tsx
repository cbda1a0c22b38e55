import { memo } from 'react';
import { LocalModelLoader } from './LocalModelLoader';
import { ModelsPanel } from './ModelsPanel';
import { useWorkbench } from '../state/workbench';

/** Models: what is loaded, where it runs and why, parity between backends, and local folders. */
export const ModelsView = memo(function ModelsView() {
  const webgpu = useWorkbench((s) => s.webgpu);
  return (
    <>
      <p data-testid="webgpu-support">
        {webgpu?.available
          ? 'WebGPU is available in this browser. In Auto, each model is warmed up on WebGPU and on WASM and the faster is kept.'
          : `WebGPU is not available (${webgpu?.reason ?? 'not checked yet'}); every model runs on WASM.`}
      </p>
      <ModelsPanel />
      <LocalModelLoader />
    </>
  );
});
