/**
 * How the page shows things, apart from what it shows: the view, the colour map, the normalisation and the focused
 * token. All of it round-trips through the URL (url.ts), so a link shows the same picture.
 */
import { create } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Normalization } from '../domain/normalize';
import type { Palette } from '../domain/palette';

export const VIEWS = ['inspect', 'compare', 'datasets', 'teach', 'lab', 'models'] as const;
export type View = (typeof VIEWS)[number];

/** A token picked in a heatmap row: the run's model and the token's index. */
export interface Focus {
  model: string;
  token: number;
}

export interface Display {
  view: View;
  palette: Palette;
  normalization: Normalization;
  /** Each heatmap row stretched over the whole palette, instead of the colour rule's shared ranges (ui/rowView.ts). */
  stretch: boolean;
  focus: Focus | null;
}

export interface DisplayState extends Display {
  /** Follows the system's `prefers-color-scheme`. */
  dark: boolean;
  set: (patch: Partial<Display>) => void;
}

export const DEFAULT_DISPLAY: Display = { view: 'inspect', palette: 'RdBu', normalization: 'raw', stretch: false, focus: null };

const darkQuery = () => (typeof window === 'undefined' || !window.matchMedia ? null : window.matchMedia('(prefers-color-scheme: dark)'));

export const useDisplay = create<DisplayState>()((set) => {
  const query = darkQuery();
  query?.addEventListener('change', (e) => set({ dark: e.matches }));
  return { ...DEFAULT_DISPLAY, dark: query?.matches ?? false, set: (patch) => set(patch) };
});

/** The display settings every drawing of credit reads, as one stable object. */
export const useColorSettings = () =>
  useDisplay(useShallow((s) => ({ normalization: s.normalization, palette: s.palette, dark: s.dark, stretch: s.stretch })));
