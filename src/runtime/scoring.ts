/**
 * Every method's ScoreRun from one model's raw outputs. The model reads the card's template; the math is all in
 * src/methods. Many traces go through the model in one bucketed batch.
 */
import { APP_VERSION } from '../domain/appVersion';
import { CARD_TAU_METRIC, withStepTau } from '../eval/stepVerdicts';
import { checkContext, fail } from '../domain/errors';
import type { TokenSpan } from '../domain/tokenSpan';
import type { Trace } from '../domain/trace';
import { implicitPrmRun } from '../methods/implicitPrm';
import { DEFAULT_SCORING, type MethodFields, type ScoringSettings } from '../methods/method';
import { READERS } from '../methods/readers';
import type { EncodedPositions, ModelOutput, OutputReader } from '../methods/readers/reader';
import { methodSpec, METHOD_REGISTRY, RUN_METHODS, type RunMethod } from '../methods/registry';
import type { ScoreRun } from '../methods/scoreRun';
import type { WorkbenchCard } from '../model/modelCard';
import type { ScoringModel } from './scoringModel';
// Types only: the page imports this file for its defaults, and the tokenizer library must stay in the workers' bundle.
import type { LoadedTokenizer } from './tokenizer';

/** A model input built from pieces, and where the response's own tokens and the step tags sit in it. */
export interface Encoded extends EncodedPositions {
  ids: number[];
}

/** The distinct characters of `text` the tokenizer can only read as its unknown token, in order of first use. */
function unknownCharacters(tok: LoadedTokenizer, text: string): string[] {
  const unk = tok.unknownId;
  if (unk === null) return [];
  return [...new Set(text)].filter((ch) => tok.encode(ch).includes(unk));
}
const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);

/** How much of an encoding to build: stop at `context` tokens (a clear error, before the costly offsets), or skip the offsets. */
export interface EncodeLimits {
  context?: number;
  spans?: boolean;
}

/** How an error names a trace: the page's own typed trace plainly, any other by its id. */
const traceName = (trace: Trace) => (trace.id === 'typed' ? 'The trace' : `The trace "${trace.id}"`);

/**
 * prompt template, then the response piece by piece (a tag after each step when the card names one and the text has
 * none), then what the response template appends. Pieces are encoded apart, so token offsets stay exact. The length
 * is checked against `context` before any offset is worked out, so a far too long trace is refused at once.
 */
export function encodeTrace(card: WorkbenchCard, tok: LoadedTokenizer, trace: Trace, bos: boolean, limits: EncodeLimits = {}): Encoded {
  const ids: number[] = bos && tok.bosId !== null ? [tok.bosId] : [];
  ids.push(...tok.encode(fill(card.template.prompt, { problem: trace.problem })));
  const [before, after = ''] = card.template.response.split('{response}');
  ids.push(...tok.encode(before));
  const tagId = card.stepTag ? tok.id(card.stepTag) : null;
  if (card.stepTag && tagId === null)
    fail(
      'tokenizer-invalid',
      `The tokenizer of ${card.id} has no "${card.stepTag}" token.`,
      'Add the step tag to tokenizer.json as an added token.',
    );
  const written = card.stepTag !== null && trace.response.includes(card.stepTag);
  const cuts = tagId !== null && !written ? trace.steps.map((s) => s.charEnd) : [];
  const pieces: { at: number; text: string; ids: number[]; start: number }[] = [];
  const tags: number[] = [];
  let at = 0;
  [...cuts, trace.response.length].forEach((end, k) => {
    const text = trace.response.slice(at, end);
    const pieceIds = tok.encode(text);
    pieces.push({ at, text, ids: pieceIds, start: ids.length });
    ids.push(...pieceIds);
    // PQM's format: each step is followed by a space and the tag (methods.md §3.2).
    if (k < cuts.length && tagId !== null) {
      ids.push(...tok.encode(' '));
      tags.push(ids.push(tagId) - 1);
    }
    at = end;
  });
  if (written && tagId !== null) ids.forEach((id, p) => id === tagId && tags.push(p));
  const positions = pieces.flatMap((p) => p.ids.map((_, i) => p.start + i));
  const scored = [...positions];
  for (const id of tok.encode(after)) scored.push(ids.push(id) - 1);
  if (card.verdict) verdictLines(card, tok, trace, ids, tags);
  if (limits.context !== undefined) checkContext(ids.length, limits.context, card.name, traceName(trace));
  const tokens: TokenSpan[] =
    limits.spans === false
      ? []
      : pieces.flatMap((p) => tok.spans(p.text, p.ids).map((s) => ({ ...s, charStart: s.charStart + p.at, charEnd: s.charEnd + p.at })));
  return { ids, tokens, positions, tags, scored };
}

/**
 * A generative verifier's verdicts (the card's `verdict`), one line per step after the input: the verdict token is
 * predicted at the last token of `before`, which becomes the step's tag; the "right" token fills the slot, so later
 * steps are judged with the earlier ones taken as right.
 */
function verdictLines(card: WorkbenchCard, tok: LoadedTokenizer, trace: Trace, ids: number[], tags: number[]): void {
  const { before, after } = card.verdict ?? { before: '', after: '' };
  const right = card.tokenPair ? tok.encode(card.tokenPair[0]) : [];
  if (right.length !== 1)
    fail('card-invalid', `${card.name}: a verdict needs a "tokenPair" of single tokens.`, 'Set "tokenPair" in workbench.json.');
  trace.steps.forEach((_, k) => {
    ids.push(...tok.encode(fill(before, { step: String(k + 1) })));
    tags.push(ids.length - 1);
    ids.push(right[0], ...tok.encode(after));
  });
}

/**
 * The method a model's own run carries: the card's, when that method reads the card's output; a plain LM's log-probs
 * when the output is the vocabulary (a policy, a critic, a DPO model before its reference divides in).
 */
function methodOf(card: WorkbenchCard): RunMethod {
  const meaning = card.output.meaning;
  const own = card.method && methodSpec(card.method);
  if (own?.score && own.reads.includes(meaning)) return card.method as RunMethod;
  if (METHOD_REGISTRY.logprob.reads.includes(meaning)) return 'logprob';
  if (!card.method) fail('card-invalid', `${card.id} is a reward model without a method.`, 'Set "method" in workbench.json.');
  const readers = RUN_METHODS.filter((m) => methodSpec(m).score && methodSpec(m).reads.includes(meaning));
  fail(
    'card-invalid',
    `${card.id}: method "${card.method}" cannot read a "${meaning}" output${readers.length ? `; ${readers.join(', ')} can` : ''}.`,
    'Fix method or output.meaning in workbench.json.',
  );
}

interface RunFacts {
  modelId: string;
  device: string;
  tokenizeMs: number;
  runMs: number;
  bytesRead: number;
}

function run(trace: Trace, facts: RunFacts, method: RunMethod, tokens: TokenSpan[], fields: MethodFields): ScoreRun {
  return {
    traceId: trace.id,
    modelId: facts.modelId,
    method,
    device: facts.device,
    dtype: 'float32',
    tokens,
    ...fields,
    timingMs: { tokenize: facts.tokenizeMs, run: facts.runMs, total: facts.tokenizeMs + facts.runMs },
    bytesRead: facts.bytesRead,
    appVersion: APP_VERSION,
  };
}

/**
 * Scores every trace with one model; each trace gets its own ScoreRun. A model with a reference (a DPO model) gives
 * the implicit PRM β·log(π/π_ref) under its own id, and its answer score is its DPO reward, the final q: the summed
 * log-ratio its loss was trained on (methods.md §5.3).
 */
export async function scoreTraces(
  runner: ScoringModel,
  traces: readonly Trace[],
  device: string,
  settings: ScoringSettings = DEFAULT_SCORING,
): Promise<ScoreRun[]> {
  const own = await scoreOwn(runner, traces, device, settings);
  const { reference, card, tokenizer } = runner.parts;
  let runs = own;
  if (reference) {
    const base = await scoreOwn(reference, traces, device, settings);
    const options = card.params.beta === undefined ? {} : { beta: card.params.beta };
    runs = own.map((run, i) => ({ ...implicitPrmRun(traces[i], run, base[i], options, 'final-q'), modelId: card.id }));
  }
  // A card's calibrated τ travels with every run, so each view, export and metric reads the first wrong step alike.
  const cardTau = card.provenance.metrics[CARD_TAU_METRIC];
  // Characters the tokenizer lacks are read as its unknown token, in every view alike; the run says which.
  return runs.map((given, i) => {
    const run = cardTau === undefined ? given : withStepTau(given, { value: cardTau, source: 'card' });
    const unknown = unknownCharacters(tokenizer, `${traces[i].problem}\n${traces[i].response}`);
    return unknown.length ? { ...run, unknownChars: unknown } : run;
  });
}

/** Runs `work`, ignoring its failure: a tokenizer's first pass over texts it has not fetched yet (the real pass reports). */
export function attempt(work: () => unknown): void {
  try {
    work();
  } catch {
    // reported by the pass that counts
  }
}

/** The positions a reader reads on an encoding, found by reading a stand-in output that records them. */
function positionsRead(reader: OutputReader, trace: Trace, encoded: Encoded, card: WorkbenchCard): number[] {
  const seen = new Set<number>();
  const none = () => NaN;
  reader.read({
    trace,
    encoded,
    output: { logprob: none, entropy: none, value: (p) => (seen.add(p), 0), width: 1 },
    params: card.params,
    modelName: card.name,
  });
  return [...seen].sort((a, b) => a - b);
}

async function scoreOwn(runner: ScoringModel, traces: readonly Trace[], device: string, settings: ScoringSettings): Promise<ScoreRun[]> {
  const { card, tokenizer } = runner.parts;
  const method = methodOf(card);
  const score = methodSpec(method).score;
  if (!score)
    fail('card-invalid', `${card.id}: "${method}" is built from other runs, not read from one model.`, 'Fix method in workbench.json.');
  const reader = READERS[card.output.meaning];
  await runner.prepare?.(() => traces.forEach((t) => attempt(() => encodeTrace(card, tokenizer, t, reader.logprobs))));
  const t0 = performance.now();
  const encoded = traces.map((t) => encodeTrace(card, tokenizer, t, reader.logprobs, { context: runner.context }));
  const t1 = performance.now();
  const ids = encoded.map((e) => e.ids);
  const none = () => NaN;
  // The token at position p is predicted by row p − 1.
  const outputs: { each: (i: number) => ModelOutput; bytesRead: number } = reader.logprobs
    ? await runner.logprobs(ids).then(({ logprobs, entropy, bytesRead }) => ({
        each: (i: number) => ({
          logprob: (p: number) => logprobs[i][p - 1],
          entropy: (p: number) => entropy[i][p - 1],
          value: none,
          width: 0,
        }),
        bytesRead,
      }))
    : await runner
        .scalars(ids, runner.readsAt ? traces.map((trace, i) => positionsRead(reader, trace, encoded[i], card)) : undefined)
        .then(({ rows, width, bytesRead }) => ({
          each: (i: number) => ({ logprob: none, entropy: none, value: (p: number, k = 0) => rows[i][p * width + k], width }),
          bytesRead,
        }));
  // One batch serves every trace: each run records its share of the time and of the bytes read back.
  const facts: RunFacts = {
    modelId: card.id,
    device,
    tokenizeMs: (t1 - t0) / traces.length,
    runMs: (performance.now() - t1) / traces.length,
    bytesRead: outputs.bytesRead / traces.length,
  };
  return traces.map((trace, i) => {
    const e = encoded[i];
    const read = reader.read({ trace, encoded: e, output: outputs.each(i), params: card.params, modelName: card.name });
    return run(trace, facts, method, e.tokens, score(read, { trace, tokens: e.tokens, settings }));
  });
}
