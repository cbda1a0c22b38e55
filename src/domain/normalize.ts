/** How credit is shown (design.md §5): raw, z-scored within the trace, or only its sign. Display only; runs keep raw values. */
export const NORMALIZATIONS = ['raw', 'z-score', 'sign'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

/** The values of one row under a normalization (design.md §5); nulls stay null, a constant row z-scores to zeros. */
export function normalizeRow(values: readonly (number | null)[], how: Normalization): (number | null)[] {
  if (how === 'raw') return [...values];
  if (how === 'sign') return values.map((v) => (v === null ? null : Math.sign(v)));
  const known = values.filter((v): v is number => v !== null);
  const mean = known.reduce((a, b) => a + b, 0) / Math.max(1, known.length);
  const sd = Math.sqrt(known.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, known.length));
  return values.map((v) => (v === null ? null : sd > 0 ? (v - mean) / sd : 0));
}
