import { useWorkbench } from '../state/workbench';

export function ErrorBanner() {
  const error = useWorkbench((s) => s.error);
  const dismiss = useWorkbench((s) => s.dismissError);
  if (!error) return null;
  return (
    <div className="error" role="alert" data-testid="error" data-code={error.code}>
      <strong>{error.message}</strong> <span className="hint">{error.hint}</span>
      <button type="button" className="dismiss" onClick={dismiss} aria-label="Dismiss this message">
        ×
      </button>
    </div>
  );
}
