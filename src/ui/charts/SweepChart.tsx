import { useMemo } from 'react';
import { LinePlot } from './Plot';
import { thinSweep } from './chartData';
import type { ThresholdChoice } from '../../eval/datasetMetrics';

/** ProcessBench F1 against the threshold τ, with the τ in use and the best τ on this data marked. */
export function SweepChart({ best, tau, title }: { best: ThresholdChoice; tau: number | null; title: string }) {
  const series = useMemo(
    () => [{ name: 'F1', color: '#0072B2', points: thinSweep(best.sweep).map((p) => ({ x: p.tau, y: p.f1 })) }],
    [best],
  );
  const refs = useMemo(() => [...(tau === null ? [] : [{ x: tau, solid: true }]), { x: best.tau }], [best, tau]);
  return (
    <figure className="sweep" data-testid="sweep-chart">
      <figcaption>
        {title}: F1 as τ moves. Solid line: the τ in use; dashed: the best τ on this data ({best.tau.toPrecision(4)}, F1{' '}
        {best.f1.toFixed(1)}), which is chosen on the test data itself and so flatters the model.
      </figcaption>
      <LinePlot
        label={`${title}: ProcessBench F1 against the threshold`}
        series={series}
        refs={refs}
        yDomain={[0, 100]}
        height={200}
        xLabel="threshold τ"
        xTitle={(v) => `τ = ${v.toPrecision(3)}`}
      />
    </figure>
  );
}
