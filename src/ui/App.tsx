import { useEffect } from 'react';
import { followHistory, syncView, useWorkbench } from '../state/workbench';
import { useDisplay } from '../state/display';
import { ErrorBanner } from './ErrorBanner';
import { Notices } from './Notices';
import { ViewTabs, VIEW_NAMES } from './ViewTabs';
import { InspectView } from './InspectView';
import { CompareView } from './CompareView';
import { LabView } from './LabView';
import { ModelsView } from './ModelsView';
import { DatasetsView } from './DatasetsView';
import { TeachView } from './teach/TeachView';
import { useTeach } from '../state/teach';
import { usePair } from '../state/pair';
import { ShortcutsDialog } from './ShortcutsDialog';
import { UpdateNotice } from './UpdateNotice';

export function App() {
  const init = useWorkbench((s) => s.init);
  const status = useWorkbench((s) => s.status);
  const text = useWorkbench((s) => s.text);
  const problem = useWorkbench((s) => s.problem);
  const view = useDisplay((s) => s.view);
  const dark = useDisplay((s) => s.dark);

  useEffect(() => {
    void init(window.location.search);
  }, [init]);

  // Back and Forward move between the views and traces of this page, not away from it.
  useEffect(() => {
    const follow = () => void followHistory(window.location.search);
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);

  // A pause after an edit keeps the link and the saved session current, and, once the trace has been scored,
  // re-scores it.
  const score = useWorkbench((s) => s.score);
  const hasRuns = useWorkbench((s) => s.runs.length > 0);
  useEffect(() => {
    const timer = setTimeout(() => {
      const s = useWorkbench.getState();
      if (s.status === 'starting') return;
      void syncView();
      if (hasRuns && s.status === 'idle' && s.text !== s.scoredText) void score();
    }, 700);
    return () => clearTimeout(timer);
  }, [text, problem, hasRuns, score]);

  // The view, colours and focused token go into the link as soon as they change.
  useEffect(() => {
    const sync = () => {
      if (useWorkbench.getState().status !== 'starting') void syncView();
    };
    let typed: ReturnType<typeof setTimeout> | undefined;
    const stops = [
      useDisplay.subscribe(sync),
      // Compare's pair goes into the link a moment after typing stops.
      usePair.subscribe((s, before) => {
        if (s.chosen === before.chosen && s.rejected === before.rejected && s.problem === before.problem) return;
        clearTimeout(typed);
        typed = setTimeout(sync, 500);
      }),
      useTeach.subscribe(
        (s, before) =>
          (s.lesson !== before.lesson ||
            s.part !== before.part ||
            s.n !== before.n ||
            s.noise !== before.noise ||
            s.zeta !== before.zeta ||
            s.present !== before.present) &&
          sync(),
      ),
    ];
    return () => {
      clearTimeout(typed);
      stops.forEach((stop) => stop());
    };
  }, []);
  const present = useTeach((s) => s.present) && view === 'teach';

  return (
    <main className={`app${dark ? ' dark' : ''}${present ? ' present' : ''}`} data-status={status} data-testid="app">
      <header>
        <h1>CreditLens</h1>
        <p className="tagline">Where does the credit land? Token-level rewards for reasoning traces, computed in your browser.</p>
        <p className="hint">
          Press <kbd>?</kbd> for keyboard shortcuts.
        </p>
      </header>
      <ErrorBanner />
      <UpdateNotice />
      <Notices />
      <ViewTabs />
      <section id={`view-${view}`} role="tabpanel" aria-labelledby={`tab-${view}`} data-testid={`view-${view}`} className="view">
        <h2 className="visually-hidden">{VIEW_NAMES[view]}</h2>
        {view === 'inspect' && <InspectView />}
        {view === 'compare' && <CompareView />}
        {view === 'datasets' && <DatasetsView />}
        {view === 'teach' && <TeachView />}
        {view === 'lab' && <LabView />}
        {view === 'models' && <ModelsView />}
      </section>
      <ShortcutsDialog />
    </main>
  );
}
