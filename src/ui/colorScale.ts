import { interpolatePuOr, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

/** The colour-blind-safe diverging maps on offer (design.md §5). */
export type Palette = 'RdBu' | 'PuOr';

/**
 * How values become colours. Signed credit uses a diverging map centred on zero with a symmetric domain, so equal
 * magnitudes look equally strong. Unsigned quantities (log-probs) use viridis.
 */
export interface ColorScale {
  kind: 'diverging' | 'sequential';
  min: number;
  max: number;
  color: (value: number) => string;
  /** The legend's words for below and above zero. */
  below: string;
  above: string;
  zero: string;
}

const INTERPOLATORS: Record<Palette, (t: number) => string> = { RdBu: interpolateRdBu, PuOr: interpolatePuOr };
export const PALETTE_WORDS: Record<Palette, { below: string; above: string }> = {
  RdBu: { below: 'red', above: 'blue' },
  PuOr: { below: 'orange', above: 'purple' },
};
/** The panel background in dark mode (--panel in styles.css); zero blends into it there. */
export const DARK_BACKGROUND = 'rgb(31, 31, 36)';

const channels = (rgb: string, fallback = '0') => (rgb.match(/\d+(\.\d+)?/g) ?? [fallback, fallback, fallback]).slice(0, 3).map(Number);

function mix(from: string, to: string, t: number): string {
  const [a, b] = [channels(from), channels(to)];
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * A zero-centred map. In light mode it is the palette itself (white at zero). In dark mode zero is the dark page
 * background and each side grows towards the palette's lighter end colours, so strong credit stands out on dark.
 */
export function divergingScale(values: readonly number[], palette: Palette = 'RdBu', dark = false): ColorScale {
  const m = Math.max(1e-12, ...values.map((v) => Math.abs(v)));
  const interpolate = INTERPOLATORS[palette];
  const [low, high] = [interpolate(0.12), interpolate(0.88)];
  const color = (v: number) => {
    const t = Math.max(-1, Math.min(1, v / m));
    return dark ? mix(DARK_BACKGROUND, t < 0 ? low : high, Math.abs(t)) : interpolate(0.5 + t / 2);
  };
  return { kind: 'diverging', min: -m, max: m, color, ...PALETTE_WORDS[palette], zero: dark ? 'dark' : 'white' };
}

export function sequentialScale(values: readonly number[]): ColorScale {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  return { kind: 'sequential', min, max, color: (v) => interpolateViridis((v - min) / span), below: 'low', above: 'high', zero: '' };
}

/** Black or white text, whichever reads better on `background` (an `rgb(r, g, b)` string). */
export function textColorOn(background: string): string {
  const [r, g, b] = channels(background, '255');
  const luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
  return luminance > 0.55 ? '#111' : '#fff';
}

export function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}
