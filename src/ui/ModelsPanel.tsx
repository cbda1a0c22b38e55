import { useWorkbench, type LoadedModel } from '../state/workbench';
import type { ScoreRun } from '../domain/scoreRun';

/** One loaded model: where it runs and why, the device, threads and timings. */
function ModelFacts({ id, model, run }: { id: string; model: LoadedModel; run: ScoreRun | undefined }) {
  const { info, placement, progress } = model;
  if (!info)
    return (
      <div className="model-facts" data-testid="model-facts" data-model={id}>
        <h3>{id}</h3>
        <p data-testid="load-progress">{progress ? `${progress.what} (${Math.round(progress.fraction * 100)} %)` : 'Not loaded'}</p>
      </div>
    );
  const gpu = info.gpu;
  return (
    <dl className="run-info model-facts" data-testid="model-facts" data-model={id}>
      <dt>Model</dt>
      <dd>
        {info.card.name} — {info.card.description}
      </dd>
      <dt>Backend</dt>
      <dd data-testid="run-backend">{info.backend}</dd>
      {placement && (
        <>
          <dt>Placement</dt>
          <dd data-testid="placement">{placement.reason}</dd>
        </>
      )}
      <dt>Execution providers</dt>
      <dd data-testid="run-providers">{JSON.stringify(info.executionProviders)}</dd>
      {gpu && (
        <>
          <dt>GPU device</dt>
          <dd data-testid="gpu-device" data-exists={String(gpu.deviceExists)}>
            {gpu.deviceExists ? 'exists' : 'missing'} ·{' '}
            {[gpu.vendor, gpu.architecture, gpu.description].filter(Boolean).join(' / ') || 'no adapter info'}
            {gpu.features.includes('shader-f16') ? ' · shader-f16' : ''} · max buffer {(gpu.limits.maxBufferSize / 2 ** 20).toFixed(0)} MiB
          </dd>
        </>
      )}
      <dt>WASM threads</dt>
      <dd data-testid="wasm-threads">
        {info.wasmThreads} {info.crossOriginIsolated ? '(cross-origin isolated)' : '(not cross-origin isolated: one thread only)'}
      </dd>
      <dt>Load</dt>
      <dd>
        {info.loadMs.toFixed(0)} ms · {(info.modelBytes / 1024).toFixed(0)} KiB ONNX · reads up to {info.maxTokens} tokens
      </dd>
      {run && (
        <>
          <dt>Last score</dt>
          <dd data-testid="run-timing">
            {run.tokens.length} tokens · tokenize {run.timingMs.tokenize.toFixed(1)} ms · run {run.timingMs.run.toFixed(1)} ms · total{' '}
            {run.timingMs.total.toFixed(1)} ms · {run.bytesRead} bytes read back
          </dd>
        </>
      )}
    </dl>
  );
}

export function ModelsPanel() {
  const loaded = useWorkbench((s) => s.loaded);
  const selected = useWorkbench((s) => s.selected);
  const runs = useWorkbench((s) => s.runs);
  const shown = selected.filter((id) => loaded[id]);
  if (!shown.length) return null;
  return (
    <section className="models-panel" aria-label="Loaded models">
      <h2>Loaded models</h2>
      {shown.map((id) => (
        <ModelFacts key={id} id={id} model={loaded[id]} run={runs.find((r) => r.modelId === id)} />
      ))}
    </section>
  );
}
