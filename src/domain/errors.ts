/** Structured errors: what went wrong, in words, and what the user can do about it. */
export type ErrorCode =
  | 'unknown-model'
  | 'model-file-missing'
  | 'model-file-corrupt'
  | 'model-too-large'
  | 'card-invalid'
  | 'card-missing'
  | 'tokenizer-missing'
  | 'tokenizer-invalid'
  | 'webgpu-unavailable'
  | 'backend-failed'
  | 'device-lost'
  | 'input-empty'
  | 'input-too-long'
  | 'input-invalid'
  | 'cancelled'
  | 'not-loaded'
  | 'worker-crashed'
  /** A serving engine could not be reached, answered too late, or was refused by the browser (CORS, mixed content). */
  | 'engine-unreachable'
  /** A serving engine refused the key (401, 403). */
  | 'engine-refused'
  /** A serving engine answered with an error of its own (its message is kept as it is). */
  | 'engine-error'
  /** A serving engine's answer does not have the shape its API documents, or does not fit the input. */
  | 'engine-response'
  | 'internal';

/** Failures of a serving engine, not of a trace: a dataset batch that meets one stops as a whole and waits for the engine. */
export const ENGINE_WIDE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['engine-unreachable', 'engine-refused', 'cancelled']);

export interface WorkbenchError {
  code: ErrorCode;
  message: string;
  hint: string;
}

export class WorkbenchFailure extends Error {
  constructor(readonly detail: WorkbenchError) {
    super(detail.message);
  }
}

/** Throws a WorkbenchFailure: what went wrong and what to do (design.md §4, errors). */
export function fail(code: ErrorCode, message: string, hint: string): never {
  throw new WorkbenchFailure({ code, message, hint });
}

/** The message of anything thrown (design.md §4). */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Any failure as a WorkbenchError; one that is not ours is a bug, and says so (design.md §4). */
export function toWorkbenchError(e: unknown): WorkbenchError {
  if (e instanceof WorkbenchFailure) return e.detail;
  return {
    code: 'internal',
    message: errorText(e),
    hint: 'This is a bug in CreditLens. Reload the page; if it happens again, report it with the steps that led here.',
  };
}

/**
 * Refuses an input longer than the model's context, naming the input (`what`: "The trace", "The trace \"rejected\""),
 * both lengths and by how much it is over (design.md §4).
 */
export function checkContext(n: number, context: number, name: string, what = 'The trace'): void {
  if (n > context)
    fail(
      'input-too-long',
      `${what} needs ${n} tokens; ${name} reads at most ${context}: ${n - context} too many.`,
      `Shorten it by at least ${n - context} tokens, or pick "score the steps that fit" under Long traces. Your text is kept as it is.`,
    );
}
