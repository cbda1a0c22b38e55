import { startTransition, useEffect, useState } from 'react';

/**
 * The value, handed over a moment later in idle time and at transition priority, staggered by `order`. Each chart
 * takes its data this way, so drawing the charts (recharts is heavy) never holds the main thread for long at once.
 */
export function useLater<T>(value: T, order: number): T | null {
  const [later, setLater] = useState<T | null>(null);
  useEffect(() => {
    let idle = 0;
    const timer = setTimeout(() => {
      const hand = () => startTransition(() => setLater(() => value));
      if ('requestIdleCallback' in window) idle = requestIdleCallback(hand, { timeout: 500 });
      else hand();
    }, 40 * order);
    return () => {
      clearTimeout(timer);
      if (idle) cancelIdleCallback(idle);
    };
  }, [value, order]);
  return later;
}
