import type { ScoreRun } from '../methods/scoreRun';
import { agreements, firstWrongStep } from '../eval/stepVerdicts';
import type { Trace } from '../domain/trace';
import { methodSpec } from '../methods/registry';
import { RuleHelp } from './RuleHelp';
import { stepRuleWords } from './rowView';

const label = (run: ScoreRun, nameOf: (id: string) => string) => `${methodSpec(run.method).name} · ${nameOf(run.modelId)}`;
const firstText = (k: number | null) => (k === null ? 'says nothing about steps' : k < 0 ? 'no wrong step' : `step ${k + 1}`);

/** How far the runs agree: each one's first wrong step, then Spearman's ρ and first-error agreement for every pair. */
export function AgreementTable({ runs, trace, nameOf }: { runs: ScoreRun[]; trace: Trace; nameOf: (id: string) => string }) {
  const pairs = agreements(runs);
  const byId = (id: string) => runs.find((r) => r.modelId === id);
  return (
    <div className="agreement" data-testid="agreement">
      <table>
        <caption>
          The first wrong step each method predicts
          {trace.firstErrorStep !== undefined ? ` (truth: ${firstText(trace.firstErrorStep)})` : ''} <RuleHelp />
        </caption>
        <thead>
          <tr>
            <th scope="col">method · model</th>
            <th scope="col">first wrong step</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={`${r.modelId}|${r.method}`} data-testid="first-error-row" data-model={r.modelId} data-first={firstWrongStep(r) ?? ''}>
              <th scope="row">{label(r, nameOf)}</th>
              <td>
                {firstText(firstWrongStep(r))} <span className="hint">({stepRuleWords(r)})</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>Agreement between every two methods on this trace</caption>
        <thead>
          <tr>
            <th scope="col">pair</th>
            <th scope="col">Spearman ρ of step scores</th>
            <th scope="col">same first wrong step?</th>
          </tr>
        </thead>
        <tbody>
          {pairs.map((p, i) => {
            const [a, b] = [byId(p.a), byId(p.b)];
            return (
              <tr key={i} data-testid="agreement-row" data-rho={p.rho ?? ''} data-same={String(p.sameFirstError)}>
                <th scope="row">
                  {a ? label(a, nameOf) : p.a} / {b ? label(b, nameOf) : p.b}
                </th>
                <td>{p.rho === null ? 'n/a (no step scores, or constant)' : p.rho.toFixed(3)}</td>
                <td>{p.sameFirstError === null ? 'n/a' : p.sameFirstError ? 'yes' : 'no'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
