import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ThresholdChoice } from '../../methods/metrics';

/** ProcessBench F1 against the threshold τ, with the τ in use and the best τ on this data marked. */
export function SweepChart({ best, tau, title }: { best: ThresholdChoice; tau: number | null; title: string }) {
  const data = best.sweep.map((p) => ({ tau: p.tau, f1: p.f1 }));
  return (
    <figure className="sweep" data-testid="sweep-chart">
      <figcaption>
        {title}: F1 as τ moves. Solid line: the τ in use; dashed: the best τ on this data ({best.tau.toPrecision(4)}, F1{' '}
        {best.f1.toFixed(1)}), which is chosen on the test data itself and so flatters the model.
      </figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.4} />
          <XAxis type="number" dataKey="tau" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => v.toPrecision(3)} />
          <YAxis domain={[0, 100]} width={40} />
          <Tooltip
            formatter={(v) => (typeof v === 'number' ? v.toFixed(1) : String(v))}
            labelFormatter={(t) => `τ = ${Number(t).toPrecision(4)}`}
          />
          <Line dataKey="f1" type="stepAfter" dot={false} stroke="#0072B2" isAnimationActive={false} />
          {tau !== null && <ReferenceLine x={tau} stroke="currentColor" />}
          <ReferenceLine x={best.tau} stroke="currentColor" strokeDasharray="4 4" />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
