import { useCallback, useState } from 'react';

/** Which of a panel's fields hold invalid text: `report(name)` is a field's onValidity, `ok` says all are valid. */
export function useValidity() {
  const [bad, setBad] = useState<ReadonlySet<string>>(new Set());
  const report = useCallback(
    (name: string) => (ok: boolean) =>
      setBad((s) => {
        if (ok === !s.has(name)) return s;
        const next = new Set(s);
        if (ok) next.delete(name);
        else next.add(name);
        return next;
      }),
    [],
  );
  return { ok: bad.size === 0, report };
}
