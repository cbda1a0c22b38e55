/** Steps as people count them, from 1: "step 2", "steps 1 and 3"; `none` when the list is empty. */
export function stepList(steps: readonly number[], none: string): string {
  const names = steps.map((k) => String(k + 1));
  if (!names.length) return none;
  if (names.length === 1) return `step ${names[0]}`;
  return `steps ${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}
