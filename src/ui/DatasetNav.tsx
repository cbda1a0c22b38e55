/** Previous and next for a trace opened from Datasets, with j and k: a dataset is read one trace after another. */
import { useEffect } from 'react';
import { useDatasetNav } from '../state/datasets';
import { typingIn } from './keys';

export function DatasetNav() {
  const nav = useDatasetNav();
  useEffect(() => {
    if (!nav) return;
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'j') nav.go(1);
      else if (e.key === 'k') nav.go(-1);
      else return;
      e.preventDefault();
      window.scrollTo(0, 0);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [nav]);
  if (!nav) return null;
  const move = (delta: number) => {
    nav.go(delta);
    window.scrollTo(0, 0);
  };
  return (
    <nav className="panel-row dataset-nav" data-testid="dataset-nav" data-index={nav.index} aria-label="Traces of the dataset">
      <button type="button" data-testid="dataset-prev" disabled={nav.index === 0} onClick={() => move(-1)}>
        ← previous (k)
      </button>
      <span>
        Dataset trace {nav.index + 1} of {nav.total}: <code data-testid="dataset-trace-id">{nav.id}</code>
      </span>
      <button type="button" data-testid="dataset-next" disabled={nav.index === nav.total - 1} onClick={() => move(1)}>
        next (j) →
      </button>
    </nav>
  );
}
