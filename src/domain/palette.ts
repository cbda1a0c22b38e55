/** The colour-blind-safe diverging maps on offer (design.md §5). */
export const PALETTES = ['RdBu', 'PuOr'] as const;
export type Palette = (typeof PALETTES)[number];
