/**
 * The methods, one entry each (design.md §2). Each entry lives beside its math in `methods/<name>.ts`; adding a
 * method is that file plus one line here. The compiler holds every entry to MethodSpec: a method without a label, a
 * step threshold (or an explicit null) or the outputs it reads does not build.
 */
import { CAPO_METHOD } from './capo';
import { CHANNEL_METHOD } from './channel';
import { CLS_PRM_METHOD } from './clsPrm';
import { IMPLICIT_PRM_METHOD } from './implicitPrm';
import { LOGPROB_METHOD } from './logprobs';
import type { MethodSpec } from './method';
import { ORM_METHOD } from './orm';
import { PQM_METHOD } from './pqm';
import { QRM_METHOD } from './qrm';

export const METHOD_REGISTRY = {
  qrm: QRM_METHOD,
  pqm: PQM_METHOD,
  orm: ORM_METHOD,
  'cls-prm': CLS_PRM_METHOD,
  'implicit-prm': IMPLICIT_PRM_METHOD,
  'capo-critic': CAPO_METHOD,
  logprob: LOGPROB_METHOD,
  channel: CHANNEL_METHOD,
} satisfies Record<string, MethodSpec>;

/**
 * Every method a ScoreRun can carry; `logprob` is a plain LM (policy, reference) read as log-probabilities, `channel`
 * a per-token number an RL run logged (imported, never computed here).
 */
export type RunMethod = keyof typeof METHOD_REGISTRY;
/** The methods a model card may name. */
export type ModelMethod = Exclude<RunMethod, 'logprob' | 'channel'>;

export const RUN_METHODS = Object.keys(METHOD_REGISTRY) as RunMethod[];
export const METHODS = RUN_METHODS.filter((m): m is ModelMethod => METHOD_REGISTRY[m].onCard);

/** A method's declaration. */
export const methodSpec = (method: RunMethod): MethodSpec => METHOD_REGISTRY[method];
