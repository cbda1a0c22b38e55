import { useRef, type KeyboardEvent } from 'react';
import { useDisplay, VIEWS, type View } from '../state/display';

export const VIEW_NAMES: Record<View, string> = {
  inspect: 'Inspect',
  compare: 'Compare',
  datasets: 'Datasets',
  teach: 'Teach',
  lab: 'Lab',
  models: 'Models',
};

/** The views as a tab list: click, or arrow keys between the tabs. */
export function ViewTabs() {
  const view = useDisplay((s) => s.view);
  const set = useDisplay((s) => s.set);
  const list = useRef<HTMLDivElement>(null);
  const onKey = (e: KeyboardEvent) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = VIEWS[(VIEWS.indexOf(view) + step + VIEWS.length) % VIEWS.length];
    set({ view: next });
    list.current?.querySelector<HTMLElement>(`#tab-${next}`)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Views" ref={list} onKeyDown={onKey}>
      {VIEWS.map((v) => (
        <button
          key={v}
          id={`tab-${v}`}
          type="button"
          role="tab"
          data-testid={`tab-${v}`}
          aria-selected={view === v}
          aria-controls={`view-${v}`}
          tabIndex={view === v ? 0 : -1}
          onClick={() => set({ view: v })}
        >
          {VIEW_NAMES[v]}
        </button>
      ))}
    </div>
  );
}
