/**
 * Which of two logits means "right": the first by CreditLens' convention (Math-Shepherd's + before −), the second
 * where the card says `params.rightLabel: 1` (TRL's token classifiers and Qwen2.5-Math-PRM put "right" at label 1).
 * Rows come back with "right" first.
 */
export function rightFirst(row: number[], params: Readonly<Record<string, number>>): number[] {
  return row.length === 2 && params.rightLabel === 1 ? [row[1], row[0]] : row;
}
