import { useEffect } from 'react';
import { syncView, useWorkbench } from '../state/workbench';
import { Controls } from './Controls';
import { ErrorBanner } from './ErrorBanner';
import { Heatmap } from './Heatmap';
import { CapoPanel } from './CapoPanel';
import { GeneratePanel } from './GeneratePanel';
import { LocalModelLoader } from './LocalModelLoader';
import { ModelsPanel } from './ModelsPanel';
import { ExportBar } from './ExportBar';
import type { Normalization } from '../domain/normalize';
import { GALLERY } from '../state/gallery';
import { Notices } from './Notices';

export function App() {
  const init = useWorkbench((s) => s.init);
  const status = useWorkbench((s) => s.status);
  const text = useWorkbench((s) => s.text);
  const setText = useWorkbench((s) => s.setText);
  const loadExample = useWorkbench((s) => s.loadExample);
  const problem = useWorkbench((s) => s.problem);
  const setProblem = useWorkbench((s) => s.setProblem);
  const runs = useWorkbench((s) => s.runs);
  const scoredText = useWorkbench((s) => s.scoredText);
  const scoredTrace = useWorkbench((s) => s.scoredTrace);
  const normalization = useWorkbench((s) => s.normalization);
  const setNormalization = useWorkbench((s) => s.setNormalization);
  const models = useWorkbench((s) => s.models);

  useEffect(() => {
    void init(window.location.search);
  }, [init]);

  // A pause after an edit keeps the link and the saved session current, and, once the trace has been scored,
  // re-scores it.
  const previousRuns = useWorkbench((s) => s.previousRuns);
  const score = useWorkbench((s) => s.score);
  const hasRuns = runs.length > 0;
  useEffect(() => {
    const timer = setTimeout(() => {
      const s = useWorkbench.getState();
      if (s.status === 'starting') return;
      void syncView();
      if (hasRuns && s.status === 'idle' && s.text !== s.scoredText) void score();
    }, 700);
    return () => clearTimeout(timer);
  }, [text, problem, hasRuns, score]);

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
      <label className="gallery-picker">
        Examples{' '}
        <select
          data-testid="gallery"
          value=""
          onChange={(e) => {
            const item = GALLERY.find((g) => g.id === e.target.value);
            if (item) loadExample(item);
          }}
        >
          <option value="">Pick a synthetic trace with a known mistake…</option>
          {GALLERY.map((g) => (
            <option key={g.id} value={g.id}>
              {g.label}
            </option>
          ))}
        </select>
      </label>
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
          On signed rows red marks less credit and blue more (white is zero); log-probability rows use viridis. A bar starts each step; a
          wavy underline marks the characters the verifier knows are wrong. Scores for the text as it was when you pressed Score
          {scoredText !== text ? ' (the text has changed since; press Score again)' : ''}.
        </p>
      )}
      <ExportBar />
      {runs.length > 0 && (
        <label className="normalization">
          Show credit as{' '}
          <select data-testid="normalization" value={normalization} onChange={(e) => setNormalization(e.target.value as Normalization)}>
            <option value="raw">raw values</option>
            <option value="z-score">z-scores within the trace (compare models on one scale)</option>
            <option value="sign">sign only</option>
          </select>
        </label>
      )}
      {runs.map((run) => (
        <Heatmap
          key={run.modelId}
          run={run}
          title={nameOf(run.modelId)}
          trace={scoredTrace}
          before={previousRuns.find((p) => p.modelId === run.modelId)}
          normalization={normalization}
        />
      ))}
      <LocalModelLoader />
      <GeneratePanel />
      <CapoPanel />
      <ModelsPanel />
    </main>
  );
}
