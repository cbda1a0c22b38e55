import { useEffect } from 'react';
import { useWorkbench } from '../state/workbench';
import { Controls } from './Controls';
import { ErrorBanner } from './ErrorBanner';
import { Heatmap } from './Heatmap';
import { CapoPanel } from './CapoPanel';
import { GeneratePanel } from './GeneratePanel';
import { LocalModelLoader } from './LocalModelLoader';
import { ModelsPanel } from './ModelsPanel';
import { Notices } from './Notices';

export function App() {
  const init = useWorkbench((s) => s.init);
  const status = useWorkbench((s) => s.status);
  const text = useWorkbench((s) => s.text);
  const setText = useWorkbench((s) => s.setText);
  const problem = useWorkbench((s) => s.problem);
  const setProblem = useWorkbench((s) => s.setProblem);
  const runs = useWorkbench((s) => s.runs);
  const scoredText = useWorkbench((s) => s.scoredText);
  const models = useWorkbench((s) => s.models);

  useEffect(() => {
    void init(window.location.search);
  }, [init]);

  const nameOf = (id: string) => models.find((m) => m.id === id)?.name ?? id;
  return (
    <main className="app" data-status={status} data-testid="app">
      <header>
        <h1>CreditLens</h1>
        <p className="tagline">Where does the credit land? Token-level rewards for reasoning traces, computed in your browser.</p>
      </header>
      <ErrorBanner />
      <Notices />
      <Controls />
      <label className="trace-label" htmlFor="problem">
        Problem
      </label>
      <input id="problem" data-testid="problem" value={problem} onChange={(e) => setProblem(e.target.value)} spellCheck={false} />
      <label className="trace-label" htmlFor="trace">
        Response
      </label>
      <textarea id="trace" data-testid="trace" value={text} onChange={(e) => setText(e.target.value)} rows={8} spellCheck={false} />
      {runs.length > 0 && (
        <p className="result-note" data-testid="result-note">
          Scores for the text as it was when you pressed Score
          {scoredText !== text ? ' (the text has changed since; press Score again)' : ''}.
        </p>
      )}
      {runs.map((run) => (
        <Heatmap key={run.modelId} run={run} title={nameOf(run.modelId)} />
      ))}
      <LocalModelLoader />
      <GeneratePanel />
      <CapoPanel />
      <ModelsPanel />
    </main>
  );
}
