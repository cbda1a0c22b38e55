/** What a numeric setting accepts, and the message for what it does not. */
export interface NumberRule {
  min?: number;
  max?: number;
  integer?: boolean;
  step?: number;
}

const range = (rule: NumberRule) =>
  rule.min !== undefined && rule.max !== undefined
    ? `from ${rule.min} to ${rule.max}`
    : rule.min !== undefined
      ? `of at least ${rule.min}`
      : rule.max !== undefined
        ? `of at most ${rule.max}`
        : '';

/** Why `text` is not a valid value for the setting `label`, or null when it is. */
export function numberProblem(text: string, label: string, rule: NumberRule): string | null {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const want = `${label} must be ${kind}${range(rule) ? ` ${range(rule)}` : ''}.`;
  if (text.trim() === '') return want;
  const v = Number(text);
  if (!Number.isFinite(v)) return want;
  if (rule.integer && !Number.isInteger(v)) return want;
  if ((rule.min !== undefined && v < rule.min) || (rule.max !== undefined && v > rule.max)) return want;
  return null;
}
