/**
 * Small SVG charts: step or straight lines on a numeric x axis, and grouped bars over categories. A few hundred
 * elements at most, drawn in one cheap render, so a chart never holds the main thread. The pointer, or the arrow
 * keys once a chart has focus, move a cursor that lists every series' value there.
 */
import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { formatValue, linearScale, niceDomain, type Scale } from './scale';

export interface XY {
  x: number;
  y: number;
}

export interface LineSeries {
  name: string;
  color: string;
  points: readonly XY[];
}

export interface BarGroup {
  name: string;
  color: string;
  values: readonly (number | null)[];
}

/** A vertical (x) or horizontal (y) line across the plot; dashed unless `solid`. */
export interface RefLine {
  x?: number;
  y?: number;
  solid?: boolean;
}

interface Frame {
  /** What the chart shows, for screen readers. */
  label: string;
  height?: number;
  xLabel?: string;
  yLabel?: string;
  yDomain?: [number, number];
  refs?: readonly RefLine[];
  /** How the cursor's readout names an x position (the ticks show plain numbers). */
  xTitle?: (x: number) => string;
}

const MARGIN = { top: 8, right: 16, bottom: 34, left: 60 };

/** The element's width, followed with a ResizeObserver (which reports after layout, so nothing forces one). */
function useWidth(fallback = 640) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.round(entry.contentRect.width);
      if (w > 0) setWidth(w);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

const extent = (values: Iterable<number>): [number, number] => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [0, 1];
};

/** The value a step line holds at x: that of the last point at or before x. */
function stepValueAt(points: readonly XY[], x: number): number | null {
  let lo = 0;
  let hi = points.length - 1;
  if (hi < 0 || points[0].x > x) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (points[mid].x <= x) lo = mid;
    else hi = mid - 1;
  }
  return points[lo].y;
}

function Axes({
  x,
  y,
  width,
  height,
  frame,
  xTicks,
}: {
  x: Scale;
  y: Scale;
  width: number;
  height: number;
  frame: Frame;
  xTicks?: ReactNode;
}) {
  return (
    <g className="plot-axes" fontSize={11}>
      {y.ticks.map((t) => (
        <g key={`y${t}`}>
          <line className="plot-grid" x1={MARGIN.left} x2={width - MARGIN.right} y1={y(t)} y2={y(t)} />
          <text x={MARGIN.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
            {formatValue(t)}
          </text>
        </g>
      ))}
      {xTicks ??
        x.ticks.map((t) => (
          <text key={`x${t}`} x={x(t)} y={height - MARGIN.bottom + 14} textAnchor="middle">
            {formatValue(t)}
          </text>
        ))}
      <line className="plot-frame" x1={MARGIN.left} x2={width - MARGIN.right} y1={height - MARGIN.bottom} y2={height - MARGIN.bottom} />
      <line className="plot-frame" x1={MARGIN.left} x2={MARGIN.left} y1={MARGIN.top} y2={height - MARGIN.bottom} />
      {frame.xLabel && (
        <text x={(MARGIN.left + width - MARGIN.right) / 2} y={height - 4} textAnchor="middle">
          {frame.xLabel}
        </text>
      )}
      {frame.yLabel && (
        <text transform={`translate(12 ${(MARGIN.top + height - MARGIN.bottom) / 2}) rotate(-90)`} textAnchor="middle">
          {frame.yLabel}
        </text>
      )}
      {frame.refs?.map((r, i) =>
        r.x !== undefined ? (
          <line
            key={i}
            className={r.solid ? 'plot-ref' : 'plot-ref dashed'}
            x1={x(r.x)}
            x2={x(r.x)}
            y1={MARGIN.top}
            y2={height - MARGIN.bottom}
          />
        ) : r.y !== undefined ? (
          <line
            key={i}
            className={r.solid ? 'plot-ref' : 'plot-ref dashed'}
            x1={MARGIN.left}
            x2={width - MARGIN.right}
            y1={y(r.y)}
            y2={y(r.y)}
          />
        ) : null,
      )}
    </g>
  );
}

function Legend({ items }: { items: readonly { name: string; color: string }[] }) {
  return (
    <ul className="plot-legend">
      {items.map((s) => (
        <li key={s.name}>
          <span className="swatch" style={{ background: s.color }} aria-hidden="true" />
          {s.name}
        </li>
      ))}
    </ul>
  );
}

/** The cursor's readout: a heading and one line per series. */
function Readout({ left, title, rows }: { left: number; title: string; rows: { name: string; color: string; value: number | null }[] }) {
  return (
    <div className="plot-tooltip" role="status" style={{ left }} data-testid="plot-tooltip">
      <strong>{title}</strong>
      {rows.map((r) => (
        <div key={r.name}>
          <span className="swatch" style={{ background: r.color }} aria-hidden="true" /> {r.name}:{' '}
          {r.value === null ? '–' : formatValue(r.value)}
        </div>
      ))}
    </div>
  );
}

/** Moves a cursor over `count` positions with ←/→, Home and End; Escape hides it. */
function cursorKeys(e: KeyboardEvent, at: number | null, count: number, set: (i: number | null) => void) {
  const next =
    e.key === 'ArrowRight'
      ? Math.min(count - 1, (at ?? -1) + 1)
      : e.key === 'ArrowLeft'
        ? Math.max(0, (at ?? count) - 1)
        : e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? count - 1
            : undefined;
  if (e.key === 'Escape') set(null);
  else if (next !== undefined && count > 0) {
    e.preventDefault();
    set(next);
  }
}

/** The chart's focusable SVG: the pointer or ←/→, Home and End move its cursor over `positions`; leaving hides it. */
function PlotSvg({
  label,
  width,
  height,
  positions,
  cursor,
  setCursor,
  onPointer,
  onPick,
  children,
}: {
  label: string;
  width: number;
  height: number;
  positions: number;
  cursor: number | null;
  setCursor: (i: number | null) => void;
  onPointer: (e: PointerEvent<SVGSVGElement>) => void;
  /** A click, or Enter, opens what the cursor is on. */
  onPick?: () => void;
  children: ReactNode;
}) {
  return (
    <svg
      width={width}
      height={height}
      role="img"
      aria-label={`${label}. Focus the chart and use the arrow keys to read its values${onPick ? '; Enter opens the one under the cursor' : ''}.`}
      tabIndex={0}
      onPointerMove={onPointer}
      onPointerLeave={() => setCursor(null)}
      onKeyDown={(e) => (onPick && e.key === 'Enter' ? onPick() : cursorKeys(e, cursor, positions, setCursor))}
      onClick={onPick}
      onBlur={() => setCursor(null)}
      style={onPick ? { cursor: 'pointer' } : undefined}
    >
      {children}
    </svg>
  );
}

export function LinePlot({
  series,
  xDomain,
  step = true,
  onPick,
  ...frame
}: Frame & {
  series: readonly LineSeries[];
  xDomain?: [number, number];
  step?: boolean;
  /** Called with the x under the cursor when the chart is clicked, or Enter pressed on it. */
  onPick?: (x: number) => void;
}) {
  const { ref, width } = useWidth();
  const height = frame.height ?? 220;
  const [cursor, setCursor] = useState<number | null>(null);
  const layout = useMemo(() => {
    const xd = xDomain ?? extent(series.flatMap((s) => s.points.map((p) => p.x)));
    const yd =
      frame.yDomain ??
      niceDomain(
        ...extent([
          ...series.flatMap((s) => s.points.map((p) => p.y)),
          ...(frame.refs ?? []).flatMap((r) => (r.y === undefined ? [] : [r.y])),
        ]),
      );
    const x = linearScale(xd, [MARGIN.left, width - MARGIN.right], Math.max(2, Math.floor(width / 90)));
    const y = linearScale(yd, [height - MARGIN.bottom, MARGIN.top]);
    const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
    // A count on the x axis (updates, training steps) gets whole-number ticks only: no "update 2.6".
    const whole = x.ticks.filter(Number.isInteger);
    if (xs.length && xs.every(Number.isInteger) && whole.length >= 2) x.ticks = whole;
    const paths = series.map((s) => {
      let d = '';
      s.points.forEach((p, i) => {
        const px = x(p.x).toFixed(1);
        const py = y(p.y).toFixed(1);
        d += i === 0 ? `M${px},${py}` : step ? `H${px}V${py}` : `L${px},${py}`;
      });
      if (step && s.points.length) d += `H${x(xd[1]).toFixed(1)}`;
      return d;
    });
    return { x, y, xs, paths };
  }, [series, xDomain, frame.yDomain, frame.refs, width, height, step]);
  const { x, y, xs, paths } = layout;
  const at = cursor === null ? null : xs[cursor];
  const onPointer = (e: PointerEvent<SVGSVGElement>) => {
    const px = e.clientX - e.currentTarget.getBoundingClientRect().left;
    const v = x.domain[0] + ((px - MARGIN.left) / (width - MARGIN.left - MARGIN.right)) * (x.domain[1] - x.domain[0]);
    // The last position at or before the pointer: where a step line's value starts.
    let i = xs.findIndex((c) => c > v) - 1;
    if (i === -2) i = xs.length - 1;
    setCursor(Math.max(0, i));
  };
  return (
    <div className="plot" ref={ref}>
      <Legend items={series} />
      <PlotSvg
        label={frame.label}
        width={width}
        height={height}
        positions={xs.length}
        cursor={cursor}
        setCursor={setCursor}
        onPointer={onPointer}
        onPick={onPick && (() => at !== null && at !== undefined && onPick(at))}
      >
        <Axes x={x} y={y} width={width} height={height} frame={frame} />
        {series.map((s, i) => (
          <path key={s.name} className="plot-line" d={paths[i]} stroke={s.color} fill="none" strokeWidth={1.5} data-series={s.name} />
        ))}
        {at !== null && at !== undefined && (
          <line className="plot-cursor" x1={x(at)} x2={x(at)} y1={MARGIN.top} y2={height - MARGIN.bottom} />
        )}
      </PlotSvg>
      {at !== null && at !== undefined && (
        <Readout
          left={Math.min(x(at) + 8, width - 200)}
          title={(frame.xTitle ?? formatValue)(at)}
          rows={series.map((s) => ({
            name: s.name,
            color: s.color,
            value: step ? stepValueAt(s.points, at) : (s.points.find((p) => p.x === at)?.y ?? null),
          }))}
        />
      )}
    </div>
  );
}

export function BarPlot({ categories, groups, ...frame }: Frame & { categories: readonly string[]; groups: readonly BarGroup[] }) {
  const { ref, width } = useWidth();
  const height = frame.height ?? 220;
  const [cursor, setCursor] = useState<number | null>(null);
  const layout = useMemo(() => {
    const yd = frame.yDomain ?? niceDomain(...extent([0, ...groups.flatMap((g) => g.values.flatMap((v) => (v === null ? [] : [v])))]));
    const y = linearScale(yd, [height - MARGIN.bottom, MARGIN.top]);
    const band = (width - MARGIN.left - MARGIN.right) / Math.max(1, categories.length);
    const bar = (band * 0.8) / Math.max(1, groups.length);
    const x = linearScale([0, categories.length], [MARGIN.left, width - MARGIN.right]);
    return { y, x, band, bar };
  }, [categories, groups, frame.yDomain, width, height]);
  const { x, y, band, bar } = layout;
  const zero = y(Math.min(Math.max(0, y.domain[0]), y.domain[1]));
  const onPointer = (e: PointerEvent<SVGSVGElement>) => {
    const px = e.clientX - e.currentTarget.getBoundingClientRect().left;
    setCursor(Math.max(0, Math.min(categories.length - 1, Math.floor((px - MARGIN.left) / band))));
  };
  return (
    <div className="plot" ref={ref}>
      <Legend items={groups} />
      <PlotSvg
        label={frame.label}
        width={width}
        height={height}
        positions={categories.length}
        cursor={cursor}
        setCursor={setCursor}
        onPointer={onPointer}
      >
        <Axes
          x={x}
          y={y}
          width={width}
          height={height}
          frame={frame}
          xTicks={categories.map((c, i) => (
            <text key={c} x={MARGIN.left + band * (i + 0.5)} y={height - MARGIN.bottom + 14} textAnchor="middle">
              {c}
            </text>
          ))}
        />
        {cursor !== null && (
          <rect
            className="plot-band"
            x={MARGIN.left + band * cursor}
            width={band}
            y={MARGIN.top}
            height={height - MARGIN.bottom - MARGIN.top}
          />
        )}
        {groups.map((g, j) =>
          g.values.map((v, i) =>
            v === null ? null : (
              <rect
                key={`${j}-${i}`}
                className="plot-bar"
                x={MARGIN.left + band * i + band * 0.1 + bar * j}
                width={Math.max(1, bar - 1)}
                y={Math.min(zero, y(v))}
                height={Math.max(1, Math.abs(y(v) - zero))}
                fill={g.color}
              />
            ),
          ),
        )}
        <line className="plot-ref" x1={MARGIN.left} x2={width - MARGIN.right} y1={zero} y2={zero} />
      </PlotSvg>
      {cursor !== null && (
        <Readout
          left={Math.min(MARGIN.left + band * (cursor + 1), width - 200)}
          title={categories[cursor]}
          rows={groups.map((g) => ({ name: g.name, color: g.color, value: g.values[cursor] ?? null }))}
        />
      )}
    </div>
  );
}
