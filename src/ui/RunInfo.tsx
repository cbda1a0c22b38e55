import { useWorkbench } from '../state/workbench';

/** Where the last run happened and how long it took: backend, device, threads and timings. */
export function RunInfo() {
  const loaded = useWorkbench((s) => s.loaded);
  const result = useWorkbench((s) => s.result);
  if (!loaded) return null;
  const gpu = loaded.gpu;
  return (
    <dl className="run-info" data-testid="run-info">
      <dt>Model</dt>
      <dd>
        {loaded.card.name} — {loaded.card.description}
      </dd>
      <dt>Backend</dt>
      <dd data-testid="run-backend">{loaded.backend}</dd>
      <dt>Execution providers</dt>
      <dd data-testid="run-providers">{JSON.stringify(loaded.executionProviders)}</dd>
      {gpu && (
        <>
          <dt>GPU device</dt>
          <dd data-testid="gpu-device" data-exists={String(gpu.deviceExists)}>
            {gpu.deviceExists ? 'exists' : 'missing'} ·{' '}
            {[gpu.vendor, gpu.architecture, gpu.description].filter(Boolean).join(' / ') || 'no adapter info'}
            {gpu.features.includes('shader-f16') ? ' · shader-f16' : ''}
          </dd>
        </>
      )}
      <dt>WASM threads</dt>
      <dd data-testid="wasm-threads">
        {loaded.wasmThreads} {loaded.crossOriginIsolated ? '(cross-origin isolated)' : '(not cross-origin isolated: one thread only)'}
      </dd>
      <dt>Load</dt>
      <dd>{loaded.loadMs.toFixed(0)} ms</dd>
      {result && (
        <>
          <dt>Last score</dt>
          <dd data-testid="run-timing">
            {result.tokens.length} tokens · tokenize {result.timingMs.tokenize.toFixed(1)} ms · run {result.timingMs.run.toFixed(1)} ms ·
            total {result.timingMs.total.toFixed(1)} ms
          </dd>
        </>
      )}
    </dl>
  );
}
