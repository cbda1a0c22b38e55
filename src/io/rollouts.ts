/**
 * RL rollout dumps, read as imported traces whose rows are the run's own channels (docs/scores-jsonl.md, "RL rollout
 * dumps"). One JSON line per rollout, in the shapes the frameworks' writers give:
 *
 * - the RL Logging Board's JSONL (OpenRLHF's, and the logger verl runs with it): `prompt`, `response`,
 *   `response_tokens` (each token decoded on its own), and per token `logprobs`, `ref_logprobs`, `values`,
 *   `token_rewards` (`advantages` where a dump has them); per rollout `reward` and `ref_reward`, `step`, `ground_truth`;
 * - verl's `rollout_data_dir` dumps (`{step}.jsonl`): `input`, `output`, `score`, `step`, `gts` where given, and one
 *   field per extra reward the reward function returned;
 * - TRL's logged completions: `prompt`, `completion`, one number per reward function, `advantage`, `step`;
 * - prime-rl's token export (`token_exports/step_{n}/rank_{r}.jsonl`, `TokenExporter` in its trainer): `token_ids` of
 *   prompt and completion with `loss_mask`, and per token `advantages`, `inference_logprobs`, `trainer_logprobs`,
 *   `entropy`, `mismatch_kl`, `log_importance_ratio`, `importance_ratio`, `prob_delta`, `is_masked` and the component
 *   weights; its ids are decoded with a tokenizer the reader is given.
 *
 * Per-token arrays become rows on the response's tokens: log π and log π_ref as log-probability rows, their difference
 * (the KL estimate) and the signed channels as channel rows. Per-rollout numbers become one-score rows.
 */
import { APP_VERSION } from '../domain/appVersion';
import { splitLines } from '../domain/steps';
import type { TokenSpan } from '../domain/tokenSpan';
import type { Trace } from '../domain/trace';
import { mean } from '../methods/numeric';
import type { RunMethod } from '../methods/registry';
import type { ScoreRun } from '../methods/scoreRun';
import { idOf, isFiniteNumber, isNumberList, isObject, isString, isStringList } from './importers/common';
import { IMPORTED_DEVICE, type ImportedTrace } from './importedScores';

type Json = Record<string, unknown>;

/** The rows a token array becomes: its name on the page and how it is coloured. */
const TOKEN_CHANNELS: readonly { field: string; name: string; method: RunMethod }[] = [
  { field: 'logprobs', name: 'log π', method: 'logprob' },
  { field: 'ref_logprobs', name: 'log π_ref', method: 'logprob' },
  { field: 'advantages', name: 'advantage', method: 'channel' },
  { field: 'values', name: 'value', method: 'channel' },
  { field: 'token_rewards', name: 'token reward', method: 'channel' },
];

/**
 * prime-rl's per-token columns, in the order its exporter writes them (position ids and the loss mask are not rows:
 * the mask says which tokens were trained on, and only those carry values). Booleans become 1 and 0.
 */
const PRIME_CHANNELS: readonly { field: string; name: string; method: RunMethod }[] = [
  { field: 'trainer_logprobs', name: 'log π (trainer)', method: 'logprob' },
  { field: 'inference_logprobs', name: 'log π (inference)', method: 'logprob' },
  { field: 'advantages', name: 'advantage', method: 'channel' },
  { field: 'entropy', name: 'entropy', method: 'channel' },
  { field: 'mismatch_kl', name: 'mismatch KL', method: 'channel' },
  { field: 'log_importance_ratio', name: 'log importance ratio', method: 'channel' },
  { field: 'importance_ratio', name: 'importance ratio', method: 'channel' },
  { field: 'prob_delta', name: 'π − π_inference', method: 'channel' },
  { field: 'is_masked', name: 'masked by the loss (1 = yes)', method: 'channel' },
  { field: 'rl_weights', name: 'RL weight', method: 'channel' },
  { field: 'ce_weights', name: 'CE weight', method: 'channel' },
  { field: 'ref_kl_weights', name: 'reference-KL weight', method: 'channel' },
];

/** Channels whose mean per rollout is charted across a run beside the rewards (RunCurves). */
export const CURVE_CHANNELS: ReadonlySet<string> = new Set(['KL: log π − log π_ref', 'mismatch KL', 'entropy']);

/**
 * Token ids turned back into text, for dumps that log ids only (prime-rl's): the text the ids spell and where each
 * id sits in it. The worker builds one from the tokenizer the user names (runtime/tokenizer.ts).
 */
export interface IdDecoder {
  label: string;
  decode(ids: number[]): string;
  spans(text: string, ids: number[]): TokenSpan[];
}

/** Which framework wrote a line, from its fields; null for a line that is not a rollout. */
export function rolloutKind(r: Json): 'logging-board' | 'verl' | 'trl' | 'prime-rl' | null {
  if (Array.isArray(r.token_ids) && Array.isArray(r.loss_mask)) return 'prime-rl';
  if (isString(r.prompt) && isString(r.response) && Array.isArray(r.response_tokens)) return 'logging-board';
  if (isString(r.input) && isString(r.output) && 'score' in r) return 'verl';
  if (isString(r.prompt) && isString(r.completion)) return 'trl';
  return null;
}

/**
 * The tokens as decoded one by one, laid on the response. A character split over several byte-level tokens (an
 * emoji, many CJK characters) decodes to U+FFFD token by token: such a run of tokens becomes one cell covering the
 * characters up to where the next whole token continues. `groups[k]` lists the tokens cell k stands for. Tokens that
 * do not spell the response otherwise refuse the line.
 */
export function spell(tokens: unknown, response: string): { spans: TokenSpan[]; groups: number[][] } {
  if (!isStringList(tokens)) throw new Error('"response_tokens" must be a list of token strings');
  const spans: TokenSpan[] = [];
  const groups: number[][] = [];
  const cell = (from: number, to: number, members: number[]) => {
    spans.push({ id: -1, text: response.slice(from, to), charStart: from, charEnd: to, special: false });
    groups.push(members);
  };
  let at = 0;
  for (let i = 0; i < tokens.length;) {
    const text = tokens[i];
    if (!text.includes('\uFFFD') && response.startsWith(text, at)) {
      cell(at, at + text.length, [i]);
      at += text.length;
      i++;
      continue;
    }
    let j = i;
    while (j < tokens.length && tokens[j].includes('\uFFFD')) j++;
    const members = Array.from({ length: j - i }, (_, k) => i + k);
    // Each broken token holds at most 4 bytes: the characters the run stands for end within a few UTF-16 units.
    const next = tokens[j];
    let end = -1;
    const last = Math.min(response.length, at + members.reduce((n, k) => n + tokens[k].length + 2, 0));
    for (let e = at + 1; members.length && e <= last && end < 0; e++)
      if (next === undefined ? e === response.length : response.startsWith(next, e)) end = e;
    if (end < 0)
      throw new Error(
        `token ${i + 1} ${JSON.stringify(text)} does not continue the response at character ${at + 1}: "response_tokens" must spell "response"`,
      );
    cell(at, end, members);
    at = end;
    i = j;
  }
  if (at !== response.length)
    throw new Error(`"response_tokens" spell only the first ${at} of the response's ${response.length} characters`);
  return { spans, groups };
}

/** How a channel's values over the tokens of one cell combine: log-probs and rewards add up, a value is the last one's. */
const COMBINE: Record<string, (values: number[]) => number> = {
  logprobs: (v) => v.reduce((a, b) => a + b, 0),
  ref_logprobs: (v) => v.reduce((a, b) => a + b, 0),
  token_rewards: (v) => v.reduce((a, b) => a + b, 0),
  advantages: (v) => mean(v),
  values: (v) => v[v.length - 1],
};

function run(
  trace: Trace,
  modelId: string,
  method: RunMethod,
  tokens: TokenSpan[],
  tokenScores: (number | null)[],
  traceScore: number | null,
): ScoreRun {
  return {
    traceId: trace.id,
    modelId,
    method,
    device: IMPORTED_DEVICE,
    dtype: 'float32',
    tokens,
    tokenScores,
    stepScores: null,
    traceScore,
    raw: {},
    timingMs: { tokenize: 0, run: 0, total: 0 },
    bytesRead: 0,
    appVersion: APP_VERSION,
  };
}

/**
 * The response cut at its steps into cells that cover every character (a line and the newline after it): a number for
 * the whole rollout is shown on a few cells, not on one per character, so a dump of many rollouts stays light.
 */
export function stepCells(trace: Trace): TokenSpan[] {
  const cuts = [...new Set([0, ...trace.steps.map((s) => s.charStart).filter((c) => c > 0), trace.response.length])].sort((a, b) => a - b);
  return cuts.slice(0, -1).map((from, k) => ({
    id: -1,
    text: trace.response.slice(from, cuts[k + 1]),
    charStart: from,
    charEnd: cuts[k + 1],
    special: false,
  }));
}

/** One number for the whole rollout, on every cell of the response; the cells are shared by the rollout's rows. */
const oneScore = (trace: Trace, cells: TokenSpan[], name: string, value: number) =>
  run(
    trace,
    name,
    'orm',
    cells,
    cells.map(() => value),
    value,
  );

/** The numbers a line gives per rollout, beside the fields every line of its kind has. */
function rolloutScores(r: Json, skip: ReadonlySet<string>): [string, number][] {
  return Object.entries(r).filter((e): e is [string, number] => !skip.has(e[0]) && isFiniteNumber(e[1]));
}

const isIdList = (v: unknown): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0);
/** prime-rl writes a float that was not finite as null, and its optional columns as all nulls. */
const isColumn = (v: unknown): v is (number | boolean | null)[] =>
  Array.isArray(v) && v.every((x) => x === null || typeof x === 'boolean' || isFiniteNumber(x));

/**
 * One prime-rl export record: the prompt is the ids before the first trained token, the response the ids from there
 * on (a multi-turn sample keeps its tool turns in the response, with no values on them).
 */
function readPrimeRl(r: Json, line: number, decoder: IdDecoder | undefined): ImportedTrace {
  if (!decoder) throw new Error('prime-rl exports hold token ids: choose the tokenizer the run used to read them');
  if (!isIdList(r.token_ids)) throw new Error('"token_ids" must be a list of token ids');
  const ids = r.token_ids;
  const mask = r.loss_mask;
  if (!Array.isArray(mask) || mask.length !== ids.length || !mask.every((m) => typeof m === 'boolean'))
    throw new Error(`"loss_mask" must be ${ids.length} true or false values, one per token id`);
  const first = mask.indexOf(true);
  if (first < 0) throw new Error('no token is trained on ("loss_mask" is all false)');
  const responseIds = ids.slice(first);
  const problem = decoder.decode(ids.slice(0, first));
  const response = decoder.decode(responseIds);
  const tokens = decoder.spans(response, responseIds);
  const step = isFiniteNumber(r.step) ? r.step : null;
  const rank = isFiniteNumber(r.rank) ? r.rank : null;
  const trace: Trace = {
    id: `${step === null ? '' : `step ${step}, `}${rank === null ? '' : `rank ${rank}, `}line ${line}`,
    source: 'rollout-prime-rl',
    problem,
    response,
    steps: splitLines(response),
    meta: {
      ...(step === null ? {} : { step }),
      kind: 'prime-rl',
      tokenizer: decoder.label,
      ...(isString(r.env_name) ? { env: r.env_name } : {}),
    },
  };
  const runs: ScoreRun[] = [];
  for (const c of PRIME_CHANNELS) {
    const given = r[c.field];
    if (given === undefined || given === null) continue;
    if (!isColumn(given)) throw new Error(`"${c.field}" must be a list of numbers (or null)`);
    if (given.length !== ids.length) throw new Error(`"${c.field}" has ${given.length} values for ${ids.length} token ids`);
    if (given.every((v) => v === null)) continue;
    const values = given.slice(first).map((v, i) => (!mask[first + i] || v === null ? null : Number(v)));
    runs.push(run(trace, c.name, c.method, tokens, values, null));
  }
  if (!runs.length) throw new Error('the record gives no per-token column (advantages, logprobs, entropy, …)');
  return { trace, runs };
}

/**
 * One rollout line as a trace with its channel rows; an error says what is wrong with it. `decoder` reads token ids
 * (prime-rl's export); without it such a line is refused with what to do.
 */
export function readRollout(r: Json, line: number, decoder?: IdDecoder): ImportedTrace {
  const kind = rolloutKind(r);
  if (!kind) throw new Error('not a rollout line');
  if (kind === 'prime-rl') return readPrimeRl(r, line, decoder);
  const problem = String(kind === 'verl' ? r.input : r.prompt);
  const response = String(kind === 'verl' ? r.output : kind === 'trl' ? r.completion : r.response);
  const step = isFiniteNumber(r.step) ? r.step : null;
  const gold = r.ground_truth ?? r.gts;
  const trace: Trace = {
    id: idOf(r, `${step === null ? '' : `step ${step}, `}line ${line}`),
    source: `rollout-${kind}`,
    problem,
    response,
    steps: splitLines(response),
    ...(isString(gold) ? { goldAnswer: gold } : {}),
    meta: { ...(step === null ? {} : { step }), kind },
  };
  const runs: ScoreRun[] = [];
  const cells = stepCells(trace);
  if (kind === 'logging-board') {
    const { spans: tokens, groups } = spell(r.response_tokens, response);
    const count = (r.response_tokens as unknown[]).length;
    const channels = new Map<string, number[]>();
    for (const c of TOKEN_CHANNELS) {
      const given = r[c.field];
      if (given === undefined || given === null) continue;
      if (!isNumberList(given)) throw new Error(`"${c.field}" must be a list of numbers`);
      if (given.length !== count) throw new Error(`"${c.field}" has ${given.length} values for ${count} tokens`);
      const values = groups.map((members) => (members.length === 1 ? given[members[0]] : COMBINE[c.field](members.map((k) => given[k]))));
      channels.set(c.field, values);
      runs.push(run(trace, c.name, c.method, tokens, values, null));
    }
    const [lp, ref] = [channels.get('logprobs'), channels.get('ref_logprobs')];
    // The per-token KL estimate the PPO penalty uses: log π − log π_ref (k1), signed.
    if (lp && ref)
      runs.push(
        run(
          trace,
          'KL: log π − log π_ref',
          'channel',
          tokens,
          lp.map((v, i) => v - ref[i]),
          null,
        ),
      );
    for (const [field, name] of [
      ['reward', 'reward'],
      ['ref_reward', 'reference reward'],
    ] as const)
      if (isFiniteNumber(r[field])) runs.push(oneScore(trace, cells, name, r[field]));
  } else {
    const fixed = new Set(kind === 'verl' ? ['input', 'output', 'gts', 'step', 'id'] : ['prompt', 'completion', 'step', 'id']);
    const scores = rolloutScores(r, fixed);
    if (kind === 'verl' && !isFiniteNumber(r.score)) throw new Error('"score" must be a number');
    if (!scores.length) throw new Error('the line gives no number for the rollout (a reward, a score or an advantage)');
    for (const [field, value] of scores) runs.push(oneScore(trace, cells, field, value));
  }
  if (!runs.length) throw new Error('the line gives no channel: no per-token list (logprobs, values, token_rewards, …) and no reward');
  return { trace, runs };
}

/** Whether a parsed line is a rollout of a known framework (the scores reader hands such lines here). */
export const isRolloutLine = (r: unknown): r is Json => isObject(r) && rolloutKind(r) !== null;

/**
 * The rollouts of one prompt at one training step (a GRPO group, a PPO batch's samples of one prompt): the imported
 * traces with the same problem and step as `trace`, in file order; empty unless it is a rollout with a step.
 */
export function rolloutGroup<T extends { trace: Trace }>(imported: readonly T[], trace: Trace | null): T[] {
  const step = trace?.meta.step;
  if (!trace || typeof step !== 'number' || !trace.source.startsWith('rollout-')) return [];
  return imported.filter((t) => t.trace.meta.step === step && t.trace.problem === trace.problem);
}
