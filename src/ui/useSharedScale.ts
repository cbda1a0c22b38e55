import { useMemo } from 'react';
import type { ScoreRun } from '../methods/scoreRun';
import { useColorSettings } from '../state/display';
import type { ColorScale } from './colorScale';
import { isSigned, rowView, sharedScale } from './rowView';

/** One colour scale for several runs of one method (a chosen/rejected pair), so their colours compare. */
export function useSharedScale(runs: readonly ScoreRun[] | null): ColorScale | undefined {
  const c = useColorSettings();
  return useMemo(() => {
    if (!runs?.length) return undefined;
    return sharedScale(
      runs.map((r) => rowView(r, c).values),
      isSigned(runs[0].method, c.normalization),
      c,
    );
  }, [runs, c]);
}
