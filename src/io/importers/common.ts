/** Small checks the importers share: each throws with a message that names the field. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function field<T>(record: Record<string, unknown>, key: string, check: (v: unknown) => v is T, what: string): T {
  const v = record[key];
  if (!check(v)) throw new Error(`"${key}" must be ${what}`);
  return v;
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isStringList = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isNumberList = (v: unknown): v is number[] => Array.isArray(v) && v.every(isFiniteNumber);
export const idOf = (record: Record<string, unknown>, fallback: string) =>
  typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id) : fallback;
