import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

/**
 * How values become colours. Signed credit uses RdBu centred on zero (red below, blue above, white at 0) with a
 * symmetric domain, so equal magnitudes look equally strong. Unsigned quantities (log-probs) use viridis.
 */
export interface ColorScale {
  kind: 'diverging' | 'sequential';
  min: number;
  max: number;
  color: (value: number) => string;
}

export function divergingScale(values: readonly number[]): ColorScale {
  const m = Math.max(1e-12, ...values.map((v) => Math.abs(v)));
  return { kind: 'diverging', min: -m, max: m, color: (v) => interpolateRdBu(0.5 + Math.max(-1, Math.min(1, v / m)) / 2) };
}

export function sequentialScale(values: readonly number[]): ColorScale {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  return { kind: 'sequential', min, max, color: (v) => interpolateViridis((v - min) / span) };
}

/** Black or white text, whichever reads better on `background` (an `rgb(r, g, b)` string). */
export function textColorOn(background: string): string {
  const [r, g, b] = (background.match(/\d+/g) ?? ['255', '255', '255']).map(Number);
  const luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
  return luminance > 0.55 ? '#111' : '#fff';
}

export function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}
