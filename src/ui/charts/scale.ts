/** Linear scales and round tick values for the in-house SVG charts. */

export interface Scale {
  (v: number): number;
  domain: readonly [number, number];
  ticks: number[];
}

/** Round tick values (1, 2 or 5 × 10ⁿ apart, whichever gives nearest `count` ticks) inside [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [];
  if (lo === hi) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const error = raw / power;
  const step = power * (error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.SQRT2 ? 2 : 1);
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  // Rounding to the step's own precision keeps 0.30000000000000004 off the axis.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Array.from({ length: last - first + 1 }, (_, i) => Number(((first + i) * step).toFixed(digits)));
}

/** The domain padded out to round values, so the data never touches the frame; a flat domain gets room around it. */
export function niceDomain(lo: number, hi: number, count = 5): [number, number] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (lo === hi) return lo === 0 ? [-1, 1] : [lo - Math.abs(lo) / 2, hi + Math.abs(hi) / 2];
  const ticks = niceTicks(lo, hi, count);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : hi - lo;
  const first = ticks[0] ?? lo;
  const last = ticks[ticks.length - 1] ?? hi;
  return [first > lo ? first - step : first, last < hi ? last + step : last];
}

/** Maps [d0, d1] onto [r0, r1]; a flat domain maps to the middle. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number], tickCount = 5): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const f = ((v: number) => (d1 === d0 ? (r0 + r1) / 2 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0))) as Scale;
  f.domain = domain;
  f.ticks = niceTicks(d0, d1, tickCount);
  return f;
}

/** A value as an axis or tooltip shows it: at most four significant digits, without trailing noise. */
export function formatValue(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}
