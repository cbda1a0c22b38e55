import type { BackendChoice } from '../client/placement';
import { useWorkbench } from '../state/workbench';

const BACKENDS: { id: BackendChoice; label: string; title: string }[] = [
  {
    id: 'auto',
    label: 'Auto',
    title: 'Start on WASM at once; on a hardware GPU, try WebGPU in the background and move there if it is measurably faster',
  },
  { id: 'webgpu', label: 'WebGPU', title: 'Run on the GPU through WebGPU' },
  { id: 'wasm', label: 'WASM', title: 'Run on the CPU through WebAssembly' },
];

/** Ready-made selections of the shipped models. */
const PRESETS: { id: string; label: string; models: string[] }[] = [
  {
    id: 'all',
    label: 'Every method',
    // Q-RM, PQM, ORM, classification PRM, the policy and its reference (the implicit PRM), and the critic (CAPO).
    models: ['arith-qrm', 'arith-pqm', 'arith-orm', 'arith-prm', 'arith-policy', 'arith-policy-ref', 'arith-critic'],
  },
  { id: 'rewards', label: 'Reward models', models: ['arith-qrm', 'arith-pqm', 'arith-orm', 'arith-prm'] },
  { id: 'qrm', label: 'Q-RM only', models: ['arith-qrm'] },
  {
    id: 'heads',
    label: 'LM head vs scalar head',
    // The same methods on the policy's own LM head and on the papers' new scalar heads, and DPO's pairs-only credit.
    models: ['arith-qrm', 'arith-qrm-vhead', 'arith-dpo', 'arith-pqm', 'arith-pqm-vhead'],
  },
];

export function Controls() {
  const models = useWorkbench((s) => s.models);
  const selected = useWorkbench((s) => s.selected);
  const backend = useWorkbench((s) => s.backend);
  const webgpu = useWorkbench((s) => s.webgpu);
  const status = useWorkbench((s) => s.status);
  const setSelected = useWorkbench((s) => s.setSelected);
  const setBackend = useWorkbench((s) => s.setBackend);
  const score = useWorkbench((s) => s.score);
  const busy = status !== 'idle';

  return (
    <div className="controls">
      <label className="model-picker">
        Models <span className="hint">(Ctrl- or ⌘-click to compare several; each runs in its own worker)</span>
        <select
          data-testid="model-select"
          multiple
          size={Math.min(8, Math.max(2, models.length))}
          value={selected}
          onChange={(e) => setSelected([...e.target.selectedOptions].map((o) => o.value))}
          disabled={busy}
        >
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} ({m.role}
              {m.method ? `, ${m.method}` : ''})
            </option>
          ))}
        </select>
      </label>
      <div className="presets" role="group" aria-label="Model presets">
        {PRESETS.map((p) => {
          const ids = p.models.filter((id) => models.some((m) => m.id === id));
          return (
            <button
              key={p.id}
              type="button"
              data-testid={`preset-${p.id}`}
              disabled={busy || !ids.length}
              title={ids.join(', ')}
              onClick={() => setSelected(ids)}
            >
              {p.label}
            </button>
          );
        })}
      </div>
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
              disabled={id !== 'wasm' && !webgpu?.available}
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
      <button type="button" data-testid="score" onClick={() => void score()} disabled={busy || !selected.length}>
        {status === 'loading' ? 'Loading models…' : status === 'scoring' ? 'Scoring…' : 'Score'}
      </button>
    </div>
  );
}
