import { CARD_TAU_METRIC } from '../eval/stepVerdicts';
import { StepTauField } from './StepTauField';
import { TrainingCurve } from './charts/TrainingCurve';
import { useWorkbench, type LoadedModel } from '../state/workbench';
import type { ScoreRun } from '../methods/scoreRun';
import { PARITY_TOLERANCE, useParity, type ParityResult } from '../state/parity';
import { isolationWords, useAppShell } from '../state/appShell';

function ParityLine({ result }: { result: ParityResult | undefined }) {
  if (!result) return null;
  if (result.state === 'running') return <span data-testid="parity-result">Checking: loading the model on WebGPU and on WASM…</span>;
  if (result.state === 'failed')
    return (
      <span data-testid="parity-result" data-pass="error">
        The parity check could not run: {result.message}
      </span>
    );
  const d = result.difference;
  return (
    <span
      data-testid="parity-result"
      data-pass={String(result.pass)}
      data-max-diff={d.maxAbsDiff}
      data-providers={JSON.stringify(result.providers)}
      data-device={String(result.deviceExists)}
    >
      {result.pass ? 'Agree' : 'Disagree'}: largest difference {d.maxAbsDiff.toExponential(2)} at {d.where} over {d.compared} values
      (tolerance {PARITY_TOLERANCE}); run {result.webgpuMs.toFixed(1)} ms on WebGPU ({JSON.stringify(result.providers)},{' '}
      {result.deviceExists ? 'GPU device present' : 'no GPU device'}), {result.wasmMs.toFixed(1)} ms on WASM, for {result.tokens} tokens.
    </span>
  );
}

/** Parity check and unload, for one model. */
function ModelActions({ id }: { id: string }) {
  const result = useParity((s) => s.results[id]);
  const check = useParity((s) => s.check);
  const webgpu = useWorkbench((s) => s.webgpu);
  const unload = useWorkbench((s) => s.unload);
  return (
    <div className="panel-row">
      <button
        type="button"
        data-testid="parity-check"
        disabled={result?.state === 'running' || !webgpu?.available}
        title={webgpu?.available ? 'Score the trace on WebGPU and on WASM and compare every output' : webgpu?.reason}
        onClick={() => void check(id)}
      >
        Check WebGPU vs WASM
      </button>
      <button type="button" data-testid="unload" onClick={() => unload(id)}>
        Unload
      </button>
      <ParityLine result={result} />
    </div>
  );
}

/** One loaded model: where it runs and why, the device, threads and timings. */
function ModelFacts({ id, model, run }: { id: string; model: LoadedModel; run: ScoreRun | undefined }) {
  const { info, placement, progress } = model;
  const isolation = useAppShell((s) => s.isolation);
  const reason = useAppShell((s) => s.reason);
  if (!info)
    return (
      <div className="model-facts" data-testid="model-facts" data-model={id}>
        <h3>{id}</h3>
        {model.error ? (
          <p className="error" data-testid="load-progress" data-error="true">
            Could not load: {model.error}
          </p>
        ) : (
          <p data-testid="load-progress">{progress ? `${progress.what} (${Math.round(progress.fraction * 100)} %)` : 'Not loaded'}</p>
        )}
        <ModelActions id={id} />
      </div>
    );
  const gpu = info.gpu;
  return (
    <div className="model-facts" data-testid="model-facts" data-model={id}>
      <h3>{info.card.name}</h3>
      <dl className="run-info">
        <dt>Model</dt>
        <dd>
          {info.card.id} — {info.card.description}
        </dd>
        {info.card.caveat && (
          <>
            <dt>Caveat</dt>
            <dd className="model-caveat" data-testid="model-caveat">
              {info.card.caveat}
            </dd>
          </>
        )}
        {Object.keys(info.card.provenance.metrics).length > 0 && (
          <>
            <dt>Measured</dt>
            <dd data-testid="card-metrics">
              {Object.entries(info.card.provenance.metrics)
                .map(([k, v]) => `${k} ${v}`)
                .join(' · ')}
            </dd>
          </>
        )}
        {info.card.method && (
          <>
            <dt>Step rule</dt>
            <dd>
              <StepTauField model={id} method={info.card.method} cardValue={info.card.provenance.metrics[CARD_TAU_METRIC]} />
            </dd>
          </>
        )}
        {info.engine ? (
          <>
            <dt>Engine</dt>
            <dd data-testid="run-engine">
              {info.engine.origin}
              {info.engine.version ? ` (${info.engine.version})` : ''} serves it as “{info.engine.model}”; this tab tokenizes the trace and
              reads the rows the engine returns.
            </dd>
          </>
        ) : (
          <>
            <dt>Backend</dt>
            <dd data-testid="run-backend">{info.backend}</dd>
          </>
        )}
        {placement && (
          <>
            <dt>Placement</dt>
            <dd data-testid="placement">{placement.reason}</dd>
          </>
        )}
        {!info.engine && (
          <>
            <dt>Execution providers</dt>
            <dd data-testid="run-providers">{JSON.stringify(info.executionProviders)}</dd>
            {gpu && (
              <>
                <dt>GPU device</dt>
                <dd data-testid="gpu-device" data-exists={String(gpu.deviceExists)}>
                  {gpu.deviceExists ? 'exists' : 'missing'} ·{' '}
                  {[gpu.vendor, gpu.architecture, gpu.description].filter(Boolean).join(' / ') || 'no adapter info'}
                  {gpu.features.includes('shader-f16') ? ' · shader-f16' : ''} · max buffer{' '}
                  {(gpu.limits.maxBufferSize / 2 ** 20).toFixed(0)} MiB
                </dd>
              </>
            )}
            <dt>WASM threads</dt>
            <dd data-testid="wasm-threads">
              {info.wasmThreads}{' '}
              {info.crossOriginIsolated
                ? `(cross-origin isolated${isolation === 'service-worker' ? ' by the app’s service worker' : ''})`
                : `(not cross-origin isolated: one thread only${isolationWords(isolation, reason) ? `; ${isolationWords(isolation, reason)}` : ''})`}
            </dd>
          </>
        )}
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
      {info.card.provenance.curve && <TrainingCurve curve={info.card.provenance.curve} kept={info.card.provenance.steps} />}
      <ModelActions id={id} />
    </div>
  );
}

export function ModelsPanel() {
  const loaded = useWorkbench((s) => s.loaded);
  const selected = useWorkbench((s) => s.selected);
  const runs = useWorkbench((s) => s.runs);
  const shown = selected.filter((id) => loaded[id]);
  return (
    <section className="models-panel" aria-label="Loaded models">
      <h2>Loaded models</h2>
      {!shown.length && <p>No model is loaded yet. Pick models in Inspect and press Score, or open a local folder below.</p>}
      {shown.map((id) => (
        <ModelFacts key={id} id={id} model={loaded[id]} run={runs.find((r) => r.modelId === id)} />
      ))}
    </section>
  );
}
