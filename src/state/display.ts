/**
 * How the page shows things, apart from what it shows: the view, the colour map, the normalisation and the focused
 * token. All of it round-trips through the URL (TensorFlow Playground style), so a link shows the same picture.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Normalization } from '../domain/normalize';
import type { Palette } from '../ui/colorScale';

export const VIEWS = ['inspect', 'compare', 'datasets', 'teach', 'models'] as const;
export type View = (typeof VIEWS)[number];
const NORMALIZATIONS: readonly Normalization[] = ['raw', 'z-score', 'sign'];
const PALETTES: readonly Palette[] = ['RdBu', 'PuOr'];

/** A token picked in a heatmap row: the run's model and the token's index. */
export interface Focus {
  model: string;
  token: number;
}

export interface Display {
  view: View;
  palette: Palette;
  normalization: Normalization;
  focus: Focus | null;
}

export interface DisplayState extends Display {
  /** Follows the system's `prefers-color-scheme`. */
  dark: boolean;
  set: (patch: Partial<Display>) => void;
}

export const DEFAULT_DISPLAY: Display = { view: 'inspect', palette: 'RdBu', normalization: 'raw', focus: null };

const darkQuery = () => (typeof window === 'undefined' || !window.matchMedia ? null : window.matchMedia('(prefers-color-scheme: dark)'));

export const useDisplay = create<DisplayState>()((set) => {
  const query = darkQuery();
  query?.addEventListener('change', (e) => set({ dark: e.matches }));
  return { ...DEFAULT_DISPLAY, dark: query?.matches ?? false, set: (patch) => set(patch) };
});

const oneOf = <T extends string>(options: readonly T[], value: string | null): T | undefined => options.find((o) => o === value);

/** The display as URL parameters; defaults are left out to keep links short. */
export function displayParams(d: Display): [string, string][] {
  const out: [string, string][] = [];
  if (d.view !== DEFAULT_DISPLAY.view) out.push(['view', d.view]);
  if (d.palette !== DEFAULT_DISPLAY.palette) out.push(['palette', d.palette]);
  if (d.normalization !== DEFAULT_DISPLAY.normalization) out.push(['norm', d.normalization]);
  if (d.focus) out.push(['token', `${d.focus.model}:${d.focus.token}`]);
  return out;
}

export const DISPLAY_KEYS = ['view', 'palette', 'norm', 'token'];

/** Reads what a link says about the display; anything unknown falls back to the default. */
export function readDisplayParams(params: URLSearchParams): Display {
  const token = /^(.+):(\d+)$/.exec(params.get('token') ?? '');
  return {
    view: oneOf(VIEWS, params.get('view')) ?? DEFAULT_DISPLAY.view,
    palette: oneOf(PALETTES, params.get('palette')) ?? DEFAULT_DISPLAY.palette,
    normalization: oneOf(NORMALIZATIONS, params.get('norm')) ?? DEFAULT_DISPLAY.normalization,
    focus: token ? { model: token[1], token: Number(token[2]) } : null,
  };
}

/** The three display settings every drawing of credit reads, as one stable object. */
export const useColorSettings = () => useDisplay(useShallow((s) => ({ normalization: s.normalization, palette: s.palette, dark: s.dark })));
