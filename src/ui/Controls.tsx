import type { Truncation } from '../domain/truncation';
import { useMemo } from 'react';
import type { ModelRole } from '../model/modelCard';
import { pickableModels, useWorkbench } from '../state/workbench';
import { methodSpec } from '../methods/registry';
import type { BackendChoice } from '../domain/backend';

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
/** The model picker's groups, in the order a reader needs them. */
const ROLE_ORDER: [ModelRole, string][] = [
  ['reward', 'Reward models'],
  ['critic', 'Critics (CAPO)'],
  ['policy', 'Policies (log-probabilities; with a reference, the implicit PRM)'],
  ['reference', 'References'],
];

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
  const allModels = useWorkbench((s) => s.models);
  const selected = useWorkbench((s) => s.selected);
  const loaded = useWorkbench((s) => s.loaded);
  const longTraces = useWorkbench((s) => s.longTraces);
  const setLongTraces = useWorkbench((s) => s.setLongTraces);
  const showTest = useWorkbench((s) => s.showTestModels);
  const setShowTest = useWorkbench((s) => s.setShowTestModels);
  const models = useMemo(() => pickableModels(allModels, selected, showTest), [allModels, selected, showTest]);
  const testCount = allModels.filter((m) => m.test).length;
  const backend = useWorkbench((s) => s.backend);
  const webgpu = useWorkbench((s) => s.webgpu);
  const status = useWorkbench((s) => s.status);
  const setSelected = useWorkbench((s) => s.setSelected);
  const setBackend = useWorkbench((s) => s.setBackend);
  const score = useWorkbench((s) => s.score);
  const busy = status !== 'idle';

  return (
    <div className="controls">
      <fieldset className="model-picker" data-testid="model-picker">
        <legend>Models</legend>
        <p className="hint">
          Pick as many as you like; each runs in its own worker. The numbers say where each model&rsquo;s credit lands on held-out traces.
        </p>
        {ROLE_ORDER.map(([role, heading]) => {
          const group = models.filter((m) => m.role === role);
          if (!group.length) return null;
          return (
            <div key={role} className="model-group" role="group" aria-label={heading}>
              <h3>{heading}</h3>
              {group.map((m) => (
                <label key={m.id} className="model-choice" title={m.caveat}>
                  <input
                    type="checkbox"
                    data-testid="model-option"
                    data-model={m.id}
                    checked={selected.includes(m.id)}
                    onChange={(e) => void setSelected(e.target.checked ? [...selected, m.id] : selected.filter((id) => id !== m.id))}
                  />{' '}
                  <span className="model-name">{m.name}</span>
                  {loaded[m.id]?.error && (
                    <span className="model-failed" data-testid="model-failed" title={loaded[m.id]?.error ?? undefined}>
                      {' '}
                      · did not load
                    </span>
                  )}
                  {m.method && <span className="model-method"> · {methodSpec(m.method).name}</span>}
                  {m.credit && (
                    <span className="model-credit" data-testid="model-credit">
                      {' '}
                      · {m.credit}
                      {m.caveat ? ' (see its caveat)' : ''}
                    </span>
                  )}
                </label>
              ))}
            </div>
          );
        })}
        {testCount > 0 && (
          <label className="hint">
            <input type="checkbox" data-testid="show-test-models" checked={showTest} onChange={(e) => setShowTest(e.target.checked)} /> Show
            the {testCount} test models (random weights: their credit is noise, they check the plumbing)
          </label>
        )}
      </fieldset>
      <div className="presets" role="group" aria-label="Model presets">
        {PRESETS.map((p) => {
          const ids = p.models.filter((id) => models.some((m) => m.id === id));
          return (
            <button
              key={p.id}
              type="button"
              data-testid={`preset-${p.id}`}
              disabled={!ids.length}
              title={ids.join(', ')}
              onClick={() => void setSelected(ids)}
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
      <label className="long-traces" title="As in Datasets: the problem and the whole steps that fit are scored, the rest is marked.">
        Long traces{' '}
        <select data-testid="long-traces" value={longTraces} onChange={(e) => setLongTraces(e.target.value as Truncation)}>
          <option value="skip">refuse them (say by how much)</option>
          <option value="steps-that-fit">score the steps that fit</option>
        </select>
      </label>
      <button type="button" data-testid="score" onClick={() => void score()} disabled={!selected.length}>
        {status === 'loading' ? 'Loading models…' : status === 'scoring' ? 'Scoring…' : 'Score'}
      </button>
    </div>
  );
}
