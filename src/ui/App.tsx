import { useEffect } from 'react';
import { useWorkbench } from '../state/workbench';
import { Controls } from './Controls';
import { ErrorBanner } from './ErrorBanner';
import { Heatmap } from './Heatmap';
import { RunInfo } from './RunInfo';

export function App() {
  const init = useWorkbench((s) => s.init);
  const status = useWorkbench((s) => s.status);
  const text = useWorkbench((s) => s.text);
  const setText = useWorkbench((s) => s.setText);
  const result = useWorkbench((s) => s.result);

  useEffect(() => {
    void init(window.location.search);
  }, [init]);

  return (
    <main className="app" data-status={status} data-testid="app">
      <header>
        <h1>CreditLens</h1>
        <p className="tagline">Where does the credit land? Token-level rewards for reasoning traces, computed in your browser.</p>
      </header>
      <ErrorBanner />
      <Controls />
      <label className="trace-label" htmlFor="trace">
        Trace
      </label>
      <textarea id="trace" data-testid="trace" value={text} onChange={(e) => setText(e.target.value)} rows={8} spellCheck={false} />
      {result && (
        <p className="result-note" data-testid="result-note">
          Scores for the text as it was when you pressed Score
          {result.text !== text ? ' (the text has changed since; press Score again)' : ''}.
        </p>
      )}
      {result && <Heatmap result={result} />}
      <RunInfo />
    </main>
  );
}
