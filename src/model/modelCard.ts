/** `workbench.json`: how CreditLens reads a model folder's outputs. See docs/model-folders.md. */
import { LM_READOUTS, OUTPUT_MEANINGS, readsLogprobs } from '../methods/readers';
import type { OutputMeaning } from '../methods/readers/reader';
import { METHODS, type ModelMethod } from '../methods/registry';
import { WEIGHT_DTYPES, type WeightDtype } from './weightDtype';

export const ROLES = ['policy', 'reference', 'reward', 'critic'] as const;
export type ModelRole = (typeof ROLES)[number];
export type { ModelMethod, OutputMeaning };
// The card's lists are the registries': a method or reader added there is valid in workbench.json at once.
export { LM_READOUTS, METHODS, OUTPUT_MEANINGS, readsLogprobs };

export interface WorkbenchCard {
  id: string;
  name: string;
  description: string;
  role: ModelRole;
  /** Absent for plain policies. */
  method: ModelMethod | null;
  output: { name: string; meaning: OutputMeaning };
  /** PQM's `[PRM]` or Math-Shepherd's `ки`; null when the method reads no tag. */
  stepTag: string | null;
  template: { prompt: string; response: string };
  params: Record<string, number>;
  /** A DPO model's reference: the id of the model whose log-probs its credit β·log(π/π_ref) divides by. */
  reference?: string;
  /** What a reader must know before trusting the credit (e.g. it localises worse than the untrained policy). */
  caveat?: string;
  /** A test model (random weights, for checking the plumbing): the page lists it only when asked. */
  test?: boolean;
  /** Which stored weights to load (onnx/model.onnx, model_fp16.onnx or model_q4.onnx); float32 when absent. */
  dtype?: WeightDtype;
  /** A head weight file in the folder (e.g. head.safetensors), added on the LM head's hidden state at load time. */
  head?: string;
  /** Two tokens whose LM logits are the step's two classes, "right" first (Math-Shepherd's "+" and "-"). */
  tokenPair?: [string, string];
  /**
   * A generative verifier's verdicts: after the whole input, for each step, `before` (with `{step}` counted from 1),
   * the "right" token of `tokenPair`, then `after`. The pair is read where the verdict token is predicted, so each
   * step is judged with the steps before it taken as right.
   */
  verdict?: Verdict;
  /**
   * A critic that reviews one step at a time (CAPO, methods.md §4.3): after the prompt, for each step, the runtime writes
   * `attempt` and the critic writes its own version of the step; then the runtime writes `given` (the step's text) and
   * the critic writes its verdict. Every part the critic writes ends at `stop`. Absent: one free review per sample.
   */
  review?: StepReview;
  provenance: {
    how: string;
    data: string;
    steps: number;
    seed: number;
    wallTimeS: number | null;
    metrics: Record<string, number>;
    /** Validation metrics recorded while the model trained: one point per evaluation. */
    curve?: CurvePoint[];
  };
}

export interface Verdict {
  before: string;
  after: string;
}

export interface StepReview {
  /** Written before the critic's own attempt at each step; empty: the critic makes no attempt, only verdicts. */
  attempt: string;
  /** Written for each step before the critic's verdict: `{text}` is the step's text, `{step}` its number from 1. */
  given: string;
  /** The one token that ends each part the critic writes (its attempt, its verdict), such as a newline. */
  stop: string;
  /** The two verdict words, right first: a verdict that is neither makes the review abstain. */
  verdicts: [string, string];
}

export interface CurvePoint {
  step: number;
  [metric: string]: number;
}

/** A plain language model's card (random weights for tests and benchmarks): no method, log-probs from the logits. */
export function plainLmCard({
  id,
  name,
  description,
  provenance,
  test,
  template = { prompt: '', response: '{response}' },
}: Pick<WorkbenchCard, 'id' | 'name' | 'description' | 'provenance'> & Partial<Pick<WorkbenchCard, 'test' | 'template'>>): WorkbenchCard {
  return {
    id,
    name,
    description,
    role: 'policy',
    method: null,
    ...(test ? { test } : {}),
    output: { name: 'logits', meaning: 'vocab-logits' },
    stepTag: null,
    template,
    params: {},
    provenance,
  };
}

export interface ModelIndexEntry {
  id: string;
  name: string;
  role: ModelRole;
  method: ModelMethod | null;
  /** The card's caveat, so the page can show it wherever the model's credit is shown. */
  caveat?: string;
  /** A test model, hidden in the pickers unless the user asks for test models. */
  test?: boolean;
  /** Where its credit lands, measured on held-out traces (from the card's metrics), in a few words for the model picker. */
  credit?: string;
}

export interface ModelIndex {
  models: ModelIndexEntry[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new Error(`"${field}" must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
}

function str(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`"${field}" must be a non-empty string`);
  return value;
}

function numbers(value: unknown, field: string): Record<string, number> {
  if (value === undefined) return {};
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'number'))
    throw new Error(`"${field}" must map names to numbers`);
  return value as Record<string, number>;
}

function curve(value: unknown): CurvePoint[] {
  if (!Array.isArray(value)) throw new Error('"provenance.curve" must be a list of points');
  return value.map((p: unknown, i) => {
    const point = numbers(p, `provenance.curve[${i}]`);
    if (typeof point.step !== 'number') throw new Error(`"provenance.curve[${i}].step" must be a number`);
    return point as CurvePoint;
  });
}

function tokenPair(v: unknown): [string, string] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((t) => typeof t === 'string' && t.length > 0))
    throw new Error('"tokenPair" must be two token strings, "right" first, such as ["+", "-"]');
  return [v[0], v[1]];
}

function verdict(v: unknown, pair: unknown, stepTag: unknown): Verdict {
  if (!isObject(v) || typeof v.before !== 'string' || !v.before || typeof v.after !== 'string')
    throw new Error('"verdict" must be {"before": "...", "after": "..."}, such as {"before": "Step {step}: \\boxed{", "after": "}\\n"}');
  if (pair === undefined) throw new Error('"verdict" needs "tokenPair": the verdict tokens, "right" first');
  if (typeof stepTag === 'string' && stepTag) throw new Error('"verdict" reads the pair at its own lines; leave "stepTag" empty');
  return { before: v.before, after: v.after };
}

function stepReview(v: unknown, role: unknown): StepReview {
  const example = '{"attempt": "Try: ", "given": "Got: {text}", "stop": "\\n", "verdicts": ["ok", "wrong"]}';
  if (role !== 'critic') throw new Error('"review" is a critic\'s setting: set "role" to "critic" or remove it');
  if (!isObject(v) || typeof v.attempt !== 'string' || typeof v.given !== 'string' || !v.given.includes('{text}'))
    throw new Error(`"review" must be like ${example}; "given" must contain {text}`);
  if (typeof v.stop !== 'string' || !v.stop) throw new Error(`"review.stop" must be the token that ends each part, like ${example}`);
  const words = v.verdicts;
  if (
    !Array.isArray(words) ||
    words.length !== 2 ||
    !words.every((w) => typeof w === 'string' && w.trim()) ||
    words[0].trim() === words[1].trim()
  )
    throw new Error('"review.verdicts" must be two different words, "right" first, such as ["ok", "wrong"]');
  return { attempt: v.attempt, given: v.given, stop: v.stop, verdicts: [words[0], words[1]] };
}

/** Validates a parsed `workbench.json` (design.md §3); every message names the offending field. */
export function parseWorkbenchCard(json: unknown): WorkbenchCard {
  if (!isObject(json)) throw new Error('workbench.json must be a JSON object');
  const output = isObject(json.output) ? json.output : {};
  const template = isObject(json.template) ? json.template : {};
  const prov = isObject(json.provenance) ? json.provenance : {};
  return {
    id: str(json.id, 'id'),
    name: str(json.name, 'name'),
    description: typeof json.description === 'string' ? json.description : '',
    role: oneOf(json.role, ROLES, 'role'),
    method: json.method === null || json.method === undefined ? null : oneOf(json.method, METHODS, 'method'),
    output: { name: str(output.name, 'output.name'), meaning: oneOf(output.meaning, OUTPUT_MEANINGS, 'output.meaning') },
    stepTag: typeof json.stepTag === 'string' ? json.stepTag : null,
    template: {
      prompt: typeof template.prompt === 'string' ? template.prompt : '',
      response: typeof template.response === 'string' ? template.response : '{response}',
    },
    params: numbers(json.params, 'params'),
    ...(json.reference === undefined ? {} : { reference: str(json.reference, 'reference') }),
    ...(json.caveat === undefined ? {} : { caveat: str(json.caveat, 'caveat') }),
    ...(json.test === true ? { test: true } : {}),
    ...(json.dtype === undefined ? {} : { dtype: oneOf(json.dtype, WEIGHT_DTYPES, 'dtype') }),
    ...(json.head === undefined ? {} : { head: str(json.head, 'head') }),
    ...(json.tokenPair === undefined ? {} : { tokenPair: tokenPair(json.tokenPair) }),
    ...(json.verdict === undefined ? {} : { verdict: verdict(json.verdict, json.tokenPair, json.stepTag) }),
    ...(json.review === undefined ? {} : { review: stepReview(json.review, json.role) }),
    provenance: {
      how: typeof prov.how === 'string' ? prov.how : '',
      data: typeof prov.data === 'string' ? prov.data : '',
      steps: typeof prov.steps === 'number' ? prov.steps : 0,
      seed: typeof prov.seed === 'number' ? prov.seed : 0,
      wallTimeS: typeof prov.wallTimeS === 'number' ? prov.wallTimeS : null,
      metrics: numbers(prov.metrics, 'provenance.metrics'),
      ...(prov.curve === undefined ? {} : { curve: curve(prov.curve) }),
    },
  };
}

/** Validates a parsed `models/index.json`, the list the page shows at start (design.md §3). */
export function parseModelIndex(json: unknown): ModelIndex {
  if (!isObject(json) || !Array.isArray(json.models)) throw new Error('models/index.json must be an object with a "models" array');
  return {
    models: json.models.map((m: unknown, i) => {
      if (!isObject(m)) throw new Error(`models[${i}] must be an object`);
      return {
        id: str(m.id, `models[${i}].id`),
        name: typeof m.name === 'string' ? m.name : String(m.id),
        role: oneOf(m.role, ROLES, `models[${i}].role`),
        method: m.method === null || m.method === undefined ? null : oneOf(m.method, METHODS, `models[${i}].method`),
        ...(typeof m.caveat === 'string' && m.caveat ? { caveat: m.caveat } : {}),
        ...(m.test === true ? { test: true } : {}),
        ...(typeof m.credit === 'string' && m.credit ? { credit: m.credit } : {}),
      };
    }),
  };
}

/** The card metrics the model picker summarises, with the words it uses for each. */
const CREDIT_METRICS: [key: string, words: (v: number) => string][] = [
  ['lowest credit in the first wrong span', (v) => `lowest credit on the mistake ${Math.round(v * 100)} %`],
  ['token AUROC (low credit vs wrong characters)', (v) => `token AUROC ${v.toFixed(2)}`],
  ['first-error F1', (v) => `first-error F1 ${v.toFixed(2)}`],
  ['pair accuracy', (v) => `pair accuracy ${v.toFixed(2)}`],
  ['first-error F1, one review at T=1', (v) => `first-error F1 ${v.toFixed(2)} per review`],
  ['first-error F1, majority of 4 reviews', (v) => `${v.toFixed(2)} by majority of 4`],
];

/**
 * Where a model's credit lands, in a few words from its card's held-out metrics (design.md §3); undefined for a model
 * whose card measures none (a policy, a random test model).
 */
export function creditSummary(card: WorkbenchCard): string | undefined {
  const metrics = card.provenance.metrics;
  const parts = CREDIT_METRICS.flatMap(([key, words]) => (typeof metrics[key] === 'number' ? [words(metrics[key])] : []));
  return parts.length ? parts.slice(0, 3).join(' · ') : undefined;
}
