import { memo, useMemo } from 'react';
import type { ScoreRun } from '../../methods/scoreRun';
import type { Trace } from '../../domain/trace';
import { useDisplay } from '../../state/display';
import { methodSpec } from '../../methods/registry';
import { cumulativeSeries, SERIES_COLORS, stepCategories, stepGroups, tokenSeries, type Point } from './chartData';
import { BarPlot, LinePlot, type LineSeries } from './Plot';

const seriesName = (run: ScoreRun, nameOf: (id: string) => string) => `${methodSpec(run.method).name} · ${nameOf(run.modelId)}`;
const asXY = (points: readonly Point[]) => points.map((p) => ({ x: p.char, y: p.value }));
const charLabel = (c: number) => `the token at character ${c + 1}`;

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
    const tokenRuns = runs.filter((r) => r.tokenScores.some((v) => v !== null));
    const series: LineSeries[] = tokenRuns.map((r) => ({
      name: seriesName(r, nameOf),
      color: colorOf(r),
      points: asXY(tokenSeries(r, normalization)),
    }));
    const stepped = runs.filter((r) => r.stepScores?.length === trace.steps.length);
    const groups = stepGroups(stepped, trace.steps.length, normalization, (r) => seriesName(r, nameOf));
    return {
      series,
      cumulative: tokenRuns.map((r, i) => ({ ...series[i], points: asXY(cumulativeSeries(tokenSeries(r, normalization))) })),
      groups: groups.map((g, i) => ({ ...g, color: colorOf(stepped[i]) })),
      refs: [{ y: 0, solid: true }, ...trace.steps.slice(1).map((s) => ({ x: s.charStart }))],
      yLabel: normalization === 'raw' ? 'credit' : normalization === 'z-score' ? 'z-score' : 'sign',
    };
  }, [runs, trace, nameOf, normalization]);
  const xDomain = useMemo((): [number, number] => [0, trace.response.length], [trace]);
  return (
    <section className="charts" aria-label="Credit charts" data-testid="charts">
      <h2>Charts</h2>
      {normalization === 'raw' && runs.length > 1 && (
        <p className="hint">Methods have different ranges; choose z-scores above to compare their shapes on one axis.</p>
      )}
      {[
        { id: 'chart-tokens', caption: 'Per-token credit along the response', series: data.series, of: 'Per-token credit' },
        {
          id: 'chart-cumulative',
          caption: 'Cumulative credit: the running sum of per-token credit',
          series: data.cumulative,
          of: 'Cumulative credit',
        },
      ].map((c) => (
        <figure key={c.id} data-testid={c.id} data-series={c.series.length}>
          <figcaption>{c.caption}</figcaption>
          <LinePlot
            label={`${c.of} of each method along the response`}
            series={c.series}
            xDomain={xDomain}
            refs={data.refs}
            xLabel="characters into the response"
            yLabel={data.yLabel}
            xTitle={charLabel}
          />
        </figure>
      ))}
      {data.groups.length > 0 && (
        <figure data-testid="chart-steps" data-series={data.groups.length}>
          <figcaption>
            Per-step scores
            {trace.firstErrorStep !== undefined && trace.firstErrorStep >= 0
              ? ` (the first wrong step is step ${trace.firstErrorStep + 1})`
              : ''}
          </figcaption>
          <BarPlot
            label="Each method's score for each step"
            categories={stepCategories(trace.steps.length)}
            groups={data.groups}
            yLabel={data.yLabel}
          />
        </figure>
      )}
    </section>
  );
});
