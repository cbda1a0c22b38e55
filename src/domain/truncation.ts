/**
 * What a dataset run does with a trace longer than a model reads. `skip`: it is not scored. `steps-that-fit`: the
 * problem and as many whole steps as fit are scored; when not even the first step fits, the problem is shortened from
 * its start (its question is usually at the end).
 */
export const TRUNCATIONS = ['steps-that-fit', 'skip'] as const;
export type Truncation = (typeof TRUNCATIONS)[number];
