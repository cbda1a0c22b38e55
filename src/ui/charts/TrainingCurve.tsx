/** A model's validation curve from its card (provenance.curve): how its credit moved while it trained. */
import { useMemo } from 'react';
import type { CurvePoint } from '../../model/modelCard';
import { SERIES_COLORS } from './chartData';
import { LinePlot } from './Plot';

const NAMES: Record<string, string> = {
  pairAccuracy: 'pair accuracy',
  minInFirstWrongSpan: 'lowest credit in the first wrong span',
  tokenAuroc: 'token AUROC',
  f1: 'first-error F1',
};

export function TrainingCurve({ curve, kept }: { curve: readonly CurvePoint[]; kept: number }) {
  const series = useMemo(
    () =>
      Object.keys(NAMES)
        .filter((k) => curve.some((p) => p[k] !== undefined))
        .map((k, i) => ({
          name: NAMES[k],
          color: SERIES_COLORS[i % SERIES_COLORS.length],
          points: curve.flatMap((p) => (p[k] === undefined ? [] : [{ x: p.step, y: p[k] }])),
        })),
    [curve],
  );
  const refs = useMemo(() => [{ x: kept }], [kept]);
  return (
    <figure className="training-curve" data-testid="training-curve">
      <figcaption>Validation while it trained (seeds the report never uses); the dashed line is the checkpoint that was kept.</figcaption>
      <LinePlot
        label="Validation metrics against training step"
        series={series}
        refs={refs}
        step={false}
        yDomain={[0, 1]}
        height={200}
        xLabel="training step"
        xTitle={(s) => `after ${s} training steps`}
      />
    </figure>
  );
}
