import { memo, useMemo } from 'react';
import { useLater } from './useLater';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ScoreRun } from '../../domain/scoreRun';
import type { Trace } from '../../domain/trace';
import { useDisplay } from '../../state/display';
import { METHOD_NAMES } from '../rowView';
import { cumulativeSeries, SERIES_COLORS, stepRows, tokenSeries, type Point } from './chartData';

const seriesName = (run: ScoreRun, nameOf: (id: string) => string) => `${METHOD_NAMES[run.method]} · ${nameOf(run.modelId)}`;
const fmt = (v: unknown) => (typeof v === 'number' ? v.toPrecision(4) : String(v));

const placeholder = <div style={{ height: 220 }} aria-hidden="true" />;

function LaterLineChart({ order, series, trace, yLabel }: { order: number; series: Series[]; trace: Trace; yLabel: string }) {
  const shown = useLater(
    useMemo(() => ({ series, trace, yLabel }), [series, trace, yLabel]),
    order,
  );
  return shown ? <CharLineChart {...shown} /> : placeholder;
}

function LaterStepBars({
  order,
  rows,
  bars,
}: {
  order: number;
  rows: Record<string, number | string | null>[];
  bars: { name: string; color: string }[];
}) {
  const shown = useLater(
    useMemo(() => ({ rows, bars }), [rows, bars]),
    order,
  );
  return shown ? <StepBars {...shown} /> : placeholder;
}

interface Series {
  name: string;
  color: string;
  points: Point[];
}

const CharLineChart = memo(function CharLineChart({ series, trace, yLabel }: { series: Series[]; trace: Trace; yLabel: string }) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.4} />
        <XAxis
          type="number"
          dataKey="char"
          domain={[0, trace.response.length]}
          label={{ value: 'character in the response', position: 'insideBottom', offset: -8 }}
        />
        <YAxis label={{ value: yLabel, angle: -90, position: 'insideLeft' }} width={56} tickFormatter={fmt} />
        <ReferenceLine y={0} stroke="currentColor" strokeOpacity={0.5} />
        {trace.steps.slice(1).map((s) => (
          <ReferenceLine key={s.charStart} x={s.charStart} stroke="currentColor" strokeDasharray="2 4" strokeOpacity={0.5} />
        ))}
        <Tooltip formatter={fmt} labelFormatter={(c) => `character ${String(c)}`} />
        <Legend verticalAlign="top" />
        {series.map((s) => (
          <Line
            key={s.name}
            data={s.points}
            dataKey="value"
            name={s.name}
            type="stepAfter"
            dot={false}
            stroke={s.color}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
});

/**
 * Charts of the scored trace: per-token credit of every run, per-step scores, and cumulative credit, on the
 * character axis with dashed lines at step starts. Values follow the page's normalisation; z-scores put methods with
 * different ranges on one axis.
 */
export const CreditCharts = memo(function CreditCharts({
  runs,
  trace,
  nameOf,
}: {
  runs: ScoreRun[];
  trace: Trace;
  nameOf: (id: string) => string;
}) {
  const normalization = useDisplay((s) => s.normalization);
  const data = useMemo(() => {
    const colorOf = (r: ScoreRun) => SERIES_COLORS[runs.indexOf(r) % SERIES_COLORS.length];
    const series = runs
      .filter((r) => r.tokenScores.some((v) => v !== null))
      .map((r) => ({ name: seriesName(r, nameOf), color: colorOf(r), points: tokenSeries(r, normalization) }));
    const stepped = runs.filter((r) => r.stepScores?.length === trace.steps.length);
    return {
      series,
      cumulative: series.map((x) => ({ ...x, points: cumulativeSeries(x.points) })),
      bars: stepped.map((r) => ({ name: seriesName(r, nameOf), color: colorOf(r) })),
      steps: stepRows(stepped, trace.steps.length, normalization, (r) => seriesName(r, nameOf)),
      yLabel: normalization === 'raw' ? 'credit' : normalization === 'z-score' ? 'z-score' : 'sign',
    };
  }, [runs, trace, nameOf, normalization]);
  return (
    <section className="charts" aria-label="Credit charts" data-testid="charts">
      <h2>Charts</h2>
      {normalization === 'raw' && runs.length > 1 && (
        <p className="hint">Methods have different ranges; choose z-scores above to compare their shapes on one axis.</p>
      )}
      <figure data-testid="chart-tokens" data-series={data.series.length}>
        <figcaption>Per-token credit along the response</figcaption>
        <LaterLineChart order={0} series={data.series} trace={trace} yLabel={data.yLabel} />
      </figure>
      <figure data-testid="chart-cumulative">
        <figcaption>Cumulative credit: the running sum of per-token credit</figcaption>
        <LaterLineChart order={1} series={data.cumulative} trace={trace} yLabel={data.yLabel} />
      </figure>
      {data.bars.length > 0 && (
        <figure data-testid="chart-steps" data-series={data.bars.length}>
          <figcaption>
            Per-step scores
            {trace.firstErrorStep !== undefined && trace.firstErrorStep >= 0
              ? ` (the first wrong step is step ${trace.firstErrorStep})`
              : ''}
          </figcaption>
          <LaterStepBars order={2} rows={data.steps} bars={data.bars} />
        </figure>
      )}
    </section>
  );
});

const StepBars = memo(function StepBars({
  rows,
  bars,
}: {
  rows: Record<string, number | string | null>[];
  bars: { name: string; color: string }[];
}) {
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.4} />
        <XAxis dataKey="step" />
        <YAxis width={56} tickFormatter={fmt} />
        <ReferenceLine y={0} stroke="currentColor" strokeOpacity={0.5} />
        <Tooltip formatter={fmt} />
        <Legend verticalAlign="top" />
        {bars.map((b) => (
          <Bar key={b.name} dataKey={b.name} fill={b.color} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
});
