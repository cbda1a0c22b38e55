import { ORACLE, useCapo } from '../state/capo';
import { useWorkbench } from '../state/workbench';
import { Heatmap } from './Heatmap';

/** CAPO: N critiques of the trace, their verdicts, the vote per step, and the token rewards that result. */
export function CapoPanel() {
  const critics = useWorkbench((s) => s.models).filter((m) => m.method === 'capo-critic');
  const c = useCapo();
  const running = c.status === 'running';
  const run = c.run;
  return (
    <details className="panel" data-testid="capo-panel">
      <summary>CAPO: critiques, votes and token rewards</summary>
      <div className="panel-row">
        <label>
          Critic{' '}
          <select data-testid="capo-critic" value={c.critic} onChange={(e) => c.set({ critic: e.target.value })} disabled={running}>
            <option value={ORACLE}>Oracle critic (knows the truth, flips it with noise)</option>
            {critics.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Critiques{' '}
          <input data-testid="capo-n" type="number" min={1} max={32} value={c.n} onChange={(e) => c.set({ n: Number(e.target.value) })} />
        </label>
        {c.critic === ORACLE ? (
          <label>
            Noise{' '}
            <input type="number" min={0} max={1} step={0.05} value={c.noise} onChange={(e) => c.set({ noise: Number(e.target.value) })} />
          </label>
        ) : (
          <label>
            Temperature{' '}
            <input
              type="number"
              min={0}
              max={3}
              step={0.1}
              value={c.temperature}
              onChange={(e) => c.set({ temperature: Number(e.target.value) })}
            />
          </label>
        )}
        <label>
          Vote{' '}
          <select value={c.capo.vote} onChange={(e) => c.set({ capo: { ...c.capo, vote: e.target.value as typeof c.capo.vote } })}>
            <option value="majority">majority</option>
            <option value="union">union</option>
            <option value="intersection">intersection</option>
          </select>
        </label>
        <label>
          Seed <input type="number" value={c.seed} onChange={(e) => c.set({ seed: Number(e.target.value) })} />
        </label>
        <button type="button" data-testid="capo-run" onClick={() => void c.critique()} disabled={running}>
          {running ? 'Critiquing…' : 'Critique'}
        </button>
      </div>
      {c.error && (
        <p className="error" role="alert" data-testid="capo-error" data-code={c.error.code}>
          {c.error.message} {c.error.hint}
        </p>
      )}
      {run?.capo && (
        <>
          <ol className="critiques" start={0}>
            {run.capo.critiques.map((k, i) => (
              <li key={i} data-testid="critique" data-wrong={k.wrongSteps === null ? 'abstain' : JSON.stringify(k.wrongSteps)}>
                <pre>{k.text}</pre>
                <span className="verdict">
                  {k.wrongSteps === null ? 'abstains (no verdict parsed)' : `names steps [${k.wrongSteps.join(', ')}]`}
                </span>
              </li>
            ))}
          </ol>
          <p data-testid="capo-votes" data-counts={JSON.stringify(run.capo.votes.counts)} data-wrong={JSON.stringify(run.capo.votes.wrong)}>
            Votes per step: {run.capo.votes.counts.map((n, k) => `step ${k}: ${n}/${run.capo?.votes.voters}`).join(' · ')}. Voted wrong:{' '}
            {run.capo.votes.wrong.length ? `[${run.capo.votes.wrong.join(', ')}]` : 'none'}. Outcome:{' '}
            {run.capo.outcome ? 'correct' : 'wrong'}.
          </p>
          <Heatmap run={run} title={`CAPO rewards (${c.critic === ORACLE ? 'oracle critic' : c.critic})`} trace={c.trace} />
        </>
      )}
    </details>
  );
}
