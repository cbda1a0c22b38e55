import { ORACLE, useCapoSettings } from '../state/capoSettings';
import { useWorkbench } from '../state/workbench';
import { VoteMatrix } from './charts/VoteMatrix';
import { NumberField } from './NumberField';
import { stepList } from './stepWords';
import { useValidity } from './useValidity';

/**
 * CAPO: the critic and its settings, then for every CAPO row on the page its N critiques, the vote per step and the
 * critique-by-step matrix. The token rewards are a heatmap row like every other method's.
 */
export function CapoPanel() {
  const critics = useWorkbench((s) => s.models).filter((m) => m.method === 'capo-critic');
  const runs = useWorkbench((s) => s.runs).filter((r) => r.capo);
  const trace = useWorkbench((s) => s.scoredTrace);
  const busy = useWorkbench((s) => s.status) !== 'idle';
  const scoreWith = useWorkbench((s) => s.scoreWith);
  const c = useCapoSettings();
  const { ok, report } = useValidity();
  return (
    <details className="panel" data-testid="capo-panel" open={runs.length > 0 || undefined}>
      <summary>CAPO: critiques, votes and token rewards</summary>
      <p className="hint">
        A critic writes N critiques of the trace, each naming the steps it thinks are wrong. Their votes decide which steps are wrong, and
        the tokens of those steps are penalised (docs/methods.md §4 in the repository). The settings apply to every critic on the page.
      </p>
      <div className="panel-row">
        <label>
          Critic{' '}
          <select data-testid="capo-critic" value={c.critic} onChange={(e) => c.set({ critic: e.target.value })} disabled={busy}>
            {critics.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <NumberField
          label="Critiques"
          testId="capo-n"
          rule={{ min: 1, max: 32, integer: true }}
          value={c.n}
          onValid={(n) => c.set({ n })}
          onValidity={report('n')}
        />
        {c.critic === ORACLE ? (
          <NumberField
            label="Noise"
            testId="capo-noise"
            rule={{ min: 0, max: 1, step: 0.05 }}
            value={c.noise}
            onValid={(noise) => c.set({ noise })}
            onValidity={report('noise')}
          />
        ) : (
          <NumberField
            label="Temperature"
            testId="capo-temperature"
            rule={{ min: 0, max: 3, step: 0.1 }}
            value={c.temperature}
            onValid={(temperature) => c.set({ temperature })}
            onValidity={report('temperature')}
          />
        )}
        <label>
          Vote{' '}
          <select
            data-testid="capo-vote"
            value={c.capo.vote}
            onChange={(e) => c.set({ capo: { ...c.capo, vote: e.target.value as typeof c.capo.vote } })}
          >
            <option value="majority">majority</option>
            <option value="union">union (one critique is enough)</option>
            <option value="intersection">intersection (every critique)</option>
          </select>
        </label>
        <NumberField label="Seed" rule={{ integer: true }} value={c.seed} onValid={(seed) => c.set({ seed })} onValidity={report('seed')} />
        <button type="button" data-testid="capo-run" onClick={() => void scoreWith(c.critic)} disabled={busy || !ok}>
          {busy ? 'Working…' : 'Critique'}
        </button>
      </div>
      {runs.map((run) =>
        run.capo ? (
          <div key={run.modelId} className="capo-run" data-testid="capo-run-details" data-model={run.modelId}>
            <h3>{critics.find((m) => m.id === run.modelId)?.name ?? run.modelId}</h3>
            <ol className="critiques">
              {run.capo.critiques.map((k, i) => (
                <li key={i} data-testid="critique" data-wrong={k.wrongSteps === null ? 'abstain' : JSON.stringify(k.wrongSteps)}>
                  <pre>{k.text}</pre>
                  <span className="verdict">
                    {k.wrongSteps === null ? 'abstains (no verdict parsed)' : `calls ${stepList(k.wrongSteps, 'no step')} wrong`}
                  </span>
                </li>
              ))}
            </ol>
            <p
              data-testid="capo-votes"
              data-counts={JSON.stringify(run.capo.votes.counts)}
              data-wrong={JSON.stringify(run.capo.votes.wrong)}
            >
              The vote calls {stepList(run.capo.votes.wrong, 'no step')} wrong. The final answer is {run.capo.outcome ? 'right' : 'wrong'},
              as the trace's verdict says; that sets the outcome reward.
            </p>
            <VoteMatrix capo={run.capo} trace={trace} title={`Votes of ${run.modelId}`} />
          </div>
        ) : null,
      )}
    </details>
  );
}
