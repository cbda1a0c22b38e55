import { memo, useMemo } from 'react';
import { useWorkbench } from '../state/workbench';
import { runCurves, SERIES_COLORS } from './charts/chartData';
import { LinePlot } from './charts/Plot';

/**
 * An imported RL run across its training steps: each reward the rollouts carry, their length and their mean KL, per
 * step. A click on a step (or Enter on the focused chart) opens that step's first rollout, so the traces behind a
 * drift are one click from the curve that shows it.
 */
export const RunCurves = memo(function RunCurves() {
  const imported = useWorkbench((s) => s.imported);
  const showImported = useWorkbench((s) => s.showImported);
  const curves = useMemo(() => runCurves(imported), [imported]);
  if (!curves.length) return null;
  const steps = new Set(imported.flatMap((t) => (typeof t.trace.meta.step === 'number' ? [t.trace.meta.step] : [])));
  const open = (step: number) => {
    const i = imported.findIndex((t) => t.trace.meta.step === step);
    if (i >= 0) showImported(i);
  };
  return (
    <details className="panel" data-testid="run-curves" open>
      <summary>
        Across the run: {imported.length} rollouts over {steps.size} training steps
      </summary>
      <p className="hint">Means over each step’s rollouts. Click a step, or focus a chart and press Enter, to open its first rollout.</p>
      <div className="run-curves">
        {curves.map((c, k) => (
          <div key={c.name} data-testid="run-curve" data-name={c.name} data-points={JSON.stringify(c.points)}>
            <LinePlot
              label={`${c.name} per training step`}
              height={160}
              step={false}
              xLabel="training step"
              yLabel={c.name}
              series={[{ name: c.name, color: SERIES_COLORS[k % SERIES_COLORS.length], points: c.points }]}
              onPick={open}
            />
          </div>
        ))}
      </div>
    </details>
  );
});
