import { useWorkbench } from '../state/workbench';

/** What the runtime did on the user's behalf (a model moved to WASM, a worker restarted). */
export function Notices() {
  const notices = useWorkbench((s) => s.notices);
  const dismiss = useWorkbench((s) => s.dismissNotice);
  if (!notices.length) return null;
  return (
    <ul className="notices" aria-live="polite">
      {notices.map((n, i) => (
        <li key={i} data-testid="notice">
          {n}{' '}
          <button type="button" className="dismiss" onClick={() => dismiss(i)} aria-label="Dismiss this notice">
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
