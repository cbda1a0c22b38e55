import { useGeneration } from '../state/generation';
import { useWorkbench } from '../state/workbench';

/** Samples from a policy on the page's problem; each sample can become the trace. */
export function GeneratePanel() {
  const models = useWorkbench((s) => s.models).filter((m) => m.role === 'policy' || m.role === 'reference');
  const setText = useWorkbench((s) => s.setText);
  const g = useGeneration();
  const modelId = g.modelId || models[0]?.id || '';
  if (!models.length) return null;
  const running = g.status === 'running';
  return (
    <details className="panel" data-testid="generate-panel">
      <summary>Sample from a policy</summary>
      <div className="panel-row">
        <label>
          Policy{' '}
          <select data-testid="generate-model" value={modelId} onChange={(e) => g.setModel(e.target.value)} disabled={running}>
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Samples{' '}
          <input
            data-testid="generate-n"
            type="number"
            min={1}
            max={64}
            value={g.options.n}
            onChange={(e) => g.setOptions({ n: Number(e.target.value) })}
          />
        </label>
        <label>
          Temperature{' '}
          <input
            type="number"
            min={0}
            max={3}
            step={0.1}
            value={g.options.temperature}
            onChange={(e) => g.setOptions({ temperature: Number(e.target.value) })}
          />
        </label>
        <label>
          Top-p{' '}
          <input
            type="number"
            min={0.05}
            max={1}
            step={0.05}
            value={g.options.topP}
            onChange={(e) => g.setOptions({ topP: Number(e.target.value) })}
          />
        </label>
        <label>
          Max tokens{' '}
          <input
            data-testid="generate-max"
            type="number"
            min={1}
            max={1024}
            value={g.options.maxTokens}
            onChange={(e) => g.setOptions({ maxTokens: Number(e.target.value) })}
          />
        </label>
        <label title="Keep sampling past the end-of-text token, up to the token limit">
          <input
            type="checkbox"
            data-testid="generate-ignore-eos"
            checked={g.options.ignoreEos ?? false}
            onChange={(e) => g.setOptions({ ignoreEos: e.target.checked })}
          />{' '}
          Ignore end-of-text
        </label>
        <label>
          Seed <input type="number" value={g.options.seed} onChange={(e) => g.setOptions({ seed: Number(e.target.value) })} />
        </label>
        <button
          type="button"
          data-testid="generate"
          onClick={() => {
            g.setModel(modelId);
            void g.generate();
          }}
          disabled={running}
        >
          Generate
        </button>
        <button type="button" data-testid="generate-cancel" onClick={g.cancel} disabled={!running}>
          Cancel
        </button>
      </div>
      <p data-testid="generate-status" data-status={g.status} aria-live="polite">
        {g.status === 'running' && `Sampling… ${g.texts.length ? `${Math.max(...g.texts.map((t) => t.length))} characters so far` : ''}`}
        {g.status === 'cancelled' && (
          <>
            Cancelled; it stopped <span data-testid="cancel-ms">{g.cancelMs?.toFixed(0)}</span> ms after you pressed Cancel. The samples so
            far are kept.
          </>
        )}
        {g.status === 'failed' && g.error && `${g.error.message} ${g.error.hint}`}
      </p>
      <ol className="samples">
        {g.texts.map((t, i) => (
          <li key={i} data-testid="sample">
            <pre>{t}</pre>
            <button type="button" onClick={() => setText(t)} disabled={running}>
              Use as the response
            </button>
          </li>
        ))}
      </ol>
    </details>
  );
}
