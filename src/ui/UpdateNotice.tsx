import { useAppShell } from '../state/appShell';

/** A newer build of the app is installed and waiting (its service worker): one click switches to it and reloads. */
export function UpdateNotice() {
  const applyUpdate = useAppShell((s) => s.applyUpdate);
  if (!applyUpdate) return null;
  return (
    <p className="notice" role="status" data-testid="update-notice">
      A new version of CreditLens is ready.{' '}
      <button type="button" data-testid="update-reload" onClick={applyUpdate}>
        Reload to use it
      </button>{' '}
      Your trace, labels and results are kept.
    </p>
  );
}
