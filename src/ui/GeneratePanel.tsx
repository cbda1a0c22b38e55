import { useMemo } from 'react';
import { useGeneration } from '../state/generation';
import { traceFromText } from '../state/textTrace';
import { useWorkbench } from '../state/workbench';
import { NumberField } from './NumberField';
import { useValidity } from './useValidity';

/** What the verifier says of a sample, when the problem is a synthetic one. */
function sampleVerdicts(texts: readonly string[], problem: string, example: ReturnType<typeof useWorkbench.getState>['example']) {
  if (!example || example.question !== problem) return [];
  return texts.map((t) => {
    const trace = traceFromText('sample', problem, t, example);
    const first = trace.firstErrorStep ?? -1;
    if (trace.finalCorrect && first < 0) return { kind: 'correct', text: 'correct: every step checks out' };
    return { kind: 'wrong', text: first >= 0 ? `wrong: the first wrong step is step ${first + 1}` : 'wrong final answer' };
  });
}

/** Samples from a policy on the page's problem; each sample shows the verifier's verdict and can become the trace. */
export function GeneratePanel() {
  const models = useWorkbench((s) => s.models).filter((m) => m.role === 'policy' || m.role === 'reference');
  const selected = useWorkbench((s) => s.selected);
  const setText = useWorkbench((s) => s.setText);
  const problem = useWorkbench((s) => s.problem);
  const example = useWorkbench((s) => s.example);
  const g = useGeneration();
  const { ok, report } = useValidity();
  const verdicts = useMemo(() => sampleVerdicts(g.texts, problem, example), [g.texts, problem, example]);
  const preferred = models.find((m) => m.role === 'policy' && selected.includes(m.id)) ?? models.find((m) => m.role === 'policy');
  const modelId = g.modelId || preferred?.id || models[0]?.id || '';
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
        <NumberField
          label="Samples"
          testId="generate-n"
          rule={{ min: 1, max: 64, integer: true }}
          value={g.options.n}
          onValid={(n) => g.setOptions({ n })}
          onValidity={report('n')}
        />
        <NumberField
          label="Temperature"
          rule={{ min: 0, max: 3, step: 0.1 }}
          value={g.options.temperature}
          onValid={(temperature) => g.setOptions({ temperature })}
          onValidity={report('temperature')}
        />
        <NumberField
          label="Top-p"
          rule={{ min: 0.05, max: 1, step: 0.05 }}
          value={g.options.topP}
          onValid={(topP) => g.setOptions({ topP })}
          onValidity={report('topP')}
        />
        <NumberField
          label="Max tokens"
          testId="generate-max"
          rule={{ min: 1, max: 1024, integer: true }}
          value={g.options.maxTokens}
          onValid={(maxTokens) => g.setOptions({ maxTokens })}
          onValidity={report('maxTokens')}
        />
        <label title="Keep sampling past the end-of-text token, up to the token limit">
          <input
            type="checkbox"
            data-testid="generate-ignore-eos"
            checked={g.options.ignoreEos ?? false}
            onChange={(e) => g.setOptions({ ignoreEos: e.target.checked })}
          />{' '}
          Ignore end-of-text
        </label>
        <NumberField
          label="Seed"
          rule={{ integer: true }}
          value={g.options.seed}
          onValid={(seed) => g.setOptions({ seed })}
          onValidity={report('seed')}
        />
        <button
          type="button"
          data-testid="generate"
          onClick={() => {
            g.setModel(modelId);
            void g.generate();
          }}
          disabled={running || !ok}
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
          <li key={i} data-testid="sample" data-verdict={verdicts[i]?.kind}>
            <pre>{t}</pre>
            {verdicts[i] && <span className={`sample-verdict ${verdicts[i].kind}`}>{verdicts[i].text}</span>}
            <button type="button" onClick={() => setText(t)} disabled={running}>
              Use as the response
            </button>
          </li>
        ))}
      </ol>
    </details>
  );
}
