/** Lab runs' held-out accuracy against update, one line per run (the Lab view and Teach lesson 7). */
import type { LabRun } from '../../state/lab';
import { SERIES_COLORS } from './chartData';
import { LinePlot } from './Plot';

export const runColor = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length];

export const accuracySeries = (runs: readonly LabRun[], name: (r: LabRun) => string) =>
  runs.map((r, i) => ({ name: name(r), color: runColor(i), points: r.curve.map((p) => ({ x: p.update, y: p.heldOutAccuracy })) }));

export function AccuracyCurves({
  runs,
  name,
  label,
  height,
}: {
  runs: readonly LabRun[];
  name: (r: LabRun) => string;
  label: string;
  height: number;
}) {
  return (
    <LinePlot
      label={label}
      series={accuracySeries(runs, name)}
      step={false}
      yDomain={[0, 1]}
      height={height}
      xLabel="update"
      xTitle={(u) => `after update ${u}`}
    />
  );
}
