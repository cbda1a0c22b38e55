/** A model's validation curve from its card (provenance.curve): how its credit moved while it trained. */
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CurvePoint } from '../../domain/modelCard';
import { SERIES_COLORS } from './chartData';

const NAMES: Record<string, string> = {
  pairAccuracy: 'pair accuracy',
  minInFirstWrongSpan: 'lowest credit in the first wrong span',
  tokenAuroc: 'token AUROC',
  f1: 'first-error F1',
};

export function TrainingCurve({ curve, kept }: { curve: readonly CurvePoint[]; kept: number }) {
  const metrics = Object.keys(NAMES).filter((k) => curve.some((p) => p[k] !== undefined));
  return (
    <figure className="training-curve" data-testid="training-curve">
      <figcaption>Validation while it trained (seeds the report never uses); the dashed line is the checkpoint that was kept.</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <LineChart data={[...curve]} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="step"
            type="number"
            domain={['dataMin', 'dataMax']}
            label={{ value: 'training step', position: 'insideBottom', offset: -4 }}
          />
          <YAxis domain={[0, 1]} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} />
          <Legend />
          <ReferenceLine x={kept} stroke="currentColor" strokeDasharray="4 4" />
          {metrics.map((k, i) => (
            <Line
              key={k}
              dataKey={k}
              name={NAMES[k]}
              stroke={SERIES_COLORS[i % SERIES_COLORS.length]}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
