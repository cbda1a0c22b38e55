import type { CapoDetails } from '../../methods/scoreRun';
import type { Trace } from '../../domain/trace';

/** CAPO's critique-by-step matrix: which critique calls which step wrong, the count per step, the vote and the truth. */
export function VoteMatrix({ capo, trace, title }: { capo: CapoDetails; trace: Trace | null; title: string }) {
  const steps = capo.votes.counts.length;
  const cols = Array.from({ length: steps }, (_, k) => k);
  return (
    <table className="vote-matrix" data-testid="vote-matrix">
      <caption>{title}: ✗ marks a step the critique calls wrong</caption>
      <thead>
        <tr>
          <th scope="col">critique</th>
          {cols.map((k) => (
            <th key={k} scope="col">
              step {k + 1}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {capo.critiques.map((c, i) => (
          <tr key={i} data-testid="vote-row">
            <th scope="row">{i + 1}</th>
            {c.wrongSteps === null ? (
              <td colSpan={steps} className="abstain">
                abstains (no verdict parsed)
              </td>
            ) : (
              cols.map((k) => (
                <td key={k} className={c.wrongSteps?.includes(k) ? 'vote-wrong' : 'vote-ok'}>
                  {c.wrongSteps?.includes(k) ? '✗' : '·'}
                </td>
              ))
            )}
          </tr>
        ))}
        <tr className="vote-total">
          <th scope="row">votes</th>
          {cols.map((k) => (
            <td key={k}>
              {capo.votes.counts[k]}/{capo.votes.voters}
            </td>
          ))}
        </tr>
        <tr className="vote-total">
          <th scope="row">voted</th>
          {cols.map((k) => (
            <td key={k} className={capo.votes.wrong.includes(k) ? 'vote-wrong' : 'vote-ok'}>
              {capo.votes.wrong.includes(k) ? 'wrong' : 'ok'}
            </td>
          ))}
        </tr>
        {trace && trace.steps.length === steps && trace.steps.every((s) => s.label) && (
          <tr className="vote-total" data-testid="vote-truth">
            <th scope="row">truth</th>
            {trace.steps.map((s, k) => (
              <td key={k} className={s.label === 'wrong' ? 'vote-wrong' : 'vote-ok'}>
                {s.label === 'wrong' ? 'wrong' : 'ok'}
              </td>
            ))}
          </tr>
        )}
      </tbody>
    </table>
  );
}
