import { memo } from 'react';
import { useWorkbench } from '../state/workbench';
import { AlignedRows } from './AlignedRows';
import { AgreementTable } from './AgreementTable';
import { DisplaySettings } from './DisplaySettings';
import { PairCompare } from './PairCompare';

/** Compare: a chosen/rejected pair across models, and the models of the Inspect trace side by side with their agreement. */
export const CompareView = memo(function CompareView() {
  const runs = useWorkbench((s) => s.runs);
  const trace = useWorkbench((s) => s.scoredTrace);
  const models = useWorkbench((s) => s.models);
  const nameOf = (id: string) => models.find((m) => m.id === id)?.name ?? id;
  return (
    <>
      <DisplaySettings />
      <PairCompare />
      <section className="panel" aria-labelledby="side-title">
        <h2 id="side-title">Side by side on the Inspect trace</h2>
        {trace && runs.length > 0 ? (
          <>
            <p className="hint">
              Each line of the response, with one row per method under it. Every character takes the colour of the token that covers it, so
              models with different tokenizers line up.
            </p>
            <AlignedRows runs={runs} text={trace.response} nameOf={nameOf} />
            <AgreementTable runs={runs} trace={trace} nameOf={nameOf} />
          </>
        ) : (
          <p>Score a trace in Inspect first; its rows appear here side by side.</p>
        )}
      </section>
    </>
  );
});
