import type { Backend } from '../runtime/protocol';
import { useWorkbench } from '../state/workbench';

const BACKENDS: { id: Backend; label: string; title: string }[] = [
  { id: 'webgpu', label: 'WebGPU', title: 'Run on the GPU through WebGPU' },
  { id: 'wasm', label: 'WASM', title: 'Run on the CPU through WebAssembly' },
];

export function Controls() {
  const models = useWorkbench((s) => s.models);
  const modelId = useWorkbench((s) => s.modelId);
  const backend = useWorkbench((s) => s.backend);
  const webgpu = useWorkbench((s) => s.webgpu);
  const status = useWorkbench((s) => s.status);
  const setModel = useWorkbench((s) => s.setModel);
  const setBackend = useWorkbench((s) => s.setBackend);
  const score = useWorkbench((s) => s.score);
  const busy = status !== 'idle';

  return (
    <div className="controls">
      <label>
        Model{' '}
        <select data-testid="model-select" value={modelId} onChange={(e) => setModel(e.target.value)} disabled={busy}>
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} ({m.role}
              {m.method ? `, ${m.method}` : ''})
            </option>
          ))}
        </select>
      </label>
      <fieldset className="backend-switch" disabled={busy}>
        <legend>Backend</legend>
        {BACKENDS.map(({ id, label, title }) => (
          <label key={id} title={id === 'webgpu' && webgpu?.available === false ? webgpu.reason : title}>
            <input
              type="radio"
              name="backend"
              value={id}
              data-testid={`backend-${id}`}
              checked={backend === id}
              disabled={id === 'webgpu' && !webgpu?.available}
              onChange={() => setBackend(id)}
            />{' '}
            {label}
          </label>
        ))}
        {webgpu && !webgpu.available && (
          <p className="backend-note" data-testid="webgpu-reason" role="note">
            WebGPU is off: {webgpu.reason}
          </p>
        )}
      </fieldset>
      <button type="button" data-testid="score" onClick={() => void score()} disabled={busy || !modelId}>
        {status === 'loading' ? 'Loading model…' : status === 'scoring' ? 'Scoring…' : 'Score'}
      </button>
    </div>
  );
}
