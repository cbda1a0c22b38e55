import type { Palette } from '../domain/palette';
import { interpolatePuOr, interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

/**
 * How values become colours. Signed credit uses a diverging map centred on zero with a symmetric domain, so equal
 * magnitudes look equally strong. Unsigned quantities (log-probs) use viridis.
 */
export interface ColorScale {
  kind: 'diverging' | 'sequential';
  min: number;
  max: number;
  /** The neutral value of a diverging map: 0 for signed credit, 0.5 for a probability. */
  centre: number;
  /** Where the range came from, for the legend: the colour rule's words, or that it was stretched to one row. */
  basis: string;
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

/** The red, green and blue channels (0–255) of a `#rrggbb`, `#rgb` or `rgb(r, g, b)` colour, as the palettes write them. */
export function channels(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
    return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
  }
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return [r, g, b];
}

/** WCAG 2 relative luminance of a colour. */
function luminance(color: string): number {
  const [r, g, b] = channels(color).map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function mix(from: string, to: string, t: number): string {
  const [a, b] = [channels(from), channels(to)];
  const c = a.map((x, i) => Math.round(x + (b[i] - x) * t));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/**
 * A map centred on `centre` reaching the palette's ends at centre ± half. In light mode it is the palette itself
 * (white at the centre). In dark mode the centre is the dark page background and each side grows towards the
 * palette's lighter end colours, so strong credit stands out on dark.
 */
export function centredScale(centre: number, half: number, palette: Palette = 'RdBu', dark = false, basis = ''): ColorScale {
  const m = Math.max(1e-12, half);
  const interpolate = INTERPOLATORS[palette];
  const [low, high] = [interpolate(0.12), interpolate(0.88)];
  const color = (v: number) => {
    const t = Math.max(-1, Math.min(1, (v - centre) / m));
    return dark ? mix(DARK_BACKGROUND, t < 0 ? low : high, Math.abs(t)) : interpolate(0.5 + t / 2);
  };
  return {
    kind: 'diverging',
    min: centre - m,
    max: centre + m,
    centre,
    basis,
    color,
    ...PALETTE_WORDS[palette],
    zero: dark ? 'dark' : 'white',
  };
}

/** A zero-centred map whose ends are the largest magnitude among `values`. */
export const divergingScale = (values: readonly number[], palette: Palette = 'RdBu', dark = false): ColorScale =>
  centredScale(0, Math.max(0, ...values.map((v) => Math.abs(v))), palette, dark);

/** Viridis from `min` to `max`. */
export function sequentialScale(min: number, max: number, basis = ''): ColorScale {
  const span = max - min || 1;
  return {
    kind: 'sequential',
    min,
    max,
    centre: min,
    basis,
    color: (v) => interpolateViridis(Math.max(0, Math.min(1, (v - min) / span))),
    below: 'low',
    above: 'high',
    zero: '',
  };
}

/** `count` colours from the scale's low end to its high end, evenly spaced: a legend bar's gradient. */
export const legendStops = (scale: ColorScale, count = 11): string[] =>
  Array.from({ length: count }, (_, i) => scale.color(scale.min + ((scale.max - scale.min) * i) / (count - 1)));

/**
 * Black or white text, whichever contrasts more with `background`. One of the two always reaches 4.58:1 (WCAG AA
 * asks 4.5), whatever the cell colour.
 */
export function textColorOn(background: string): string {
  return contrastRatio('#000000', background) >= contrastRatio('#ffffff', background) ? '#000' : '#fff';
}

export function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(6);
}
