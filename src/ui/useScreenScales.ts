import { useMemo } from 'react';
import type { ScoreRun } from '../methods/scoreRun';
import { useColorSettings } from '../state/display';
import type { ColorScale } from './colorScale';
import { screenScales } from './rowView';

/** The colour rule's scale for each of the runs drawn together on one screen (ui/rowView.ts `screenScales`). */
export function useScreenScales(runs: readonly ScoreRun[] | null | undefined): ColorScale[] {
  const c = useColorSettings();
  return useMemo(() => (runs?.length ? screenScales(runs, c) : []), [runs, c]);
}
