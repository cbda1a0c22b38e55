/**
 * Every method's ScoreRun from one model's raw outputs. The model reads the card's template; the math is all in
 * src/methods. Many traces go through the model in one bucketed batch.
 */
import { APP_VERSION } from '../domain/appVersion';
import { readsLogprobs, type WorkbenchCard } from '../domain/modelCard';
import type { RunMethod, ScoreRun } from '../domain/scoreRun';
import { stepTokenRanges, tokenStepIndex } from '../domain/stepTokens';
import type { TokenSpan } from '../domain/tokenSpan';
import type { Trace } from '../domain/trace';
import { clsPrmAggregate, clsPrmStepProbs } from '../methods/clsPrm';
import { prefixSoftminQ, softminOptions, softminOutcome } from '../methods/lmReadout';
import { sigmoid } from '../methods/numeric';
import { ormScore, ormTokenCredit } from '../methods/orm';
import { pqmSequenceScore } from '../methods/pqm';
import { qrmSequenceScore, qrmStepScores } from '../methods/qrm';
import type { StepAggregation } from '../methods/settings';
import { checkContext, fail } from './errors';
import { implicitPrmRun } from './implicitPrmRun';
import type { ModelRunner } from './modelRunner';
// Types only: the page imports this file for its defaults, and the tokenizer library must stay in the workers' bundle.
import type { LoadedTokenizer } from './tokenizer';

export interface ScoringSettings {
  qrmStepAggregation: 'mean' | 'min' | 'sum';
  pqmSequenceAggregation: 'min' | 'last';
  clsPrmAggregation: StepAggregation;
}

export const DEFAULT_SCORING: ScoringSettings = { qrmStepAggregation: 'mean', pqmSequenceAggregation: 'min', clsPrmAggregation: 'min' };

/** A model input built from pieces, and where the response's own tokens and the step tags sit in it. */
export interface Encoded {
  ids: number[];
  /** The response's tokens (offsets into the response) and their positions in `ids`. */
  tokens: TokenSpan[];
  positions: number[];
  /** Positions of the step tags, one per step (tag models only). */
  tags: number[];
  /** Positions read by the outcome: the response tokens plus what the template appends (EOS). */
  scored: number[];
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
  if (limits.context !== undefined) checkContext(ids.length, limits.context, card.name);
  const tokens: TokenSpan[] =
    limits.spans === false
      ? []
      : pieces.flatMap((p) => tok.spans(p.text, p.ids).map((s) => ({ ...s, charStart: s.charStart + p.at, charEnd: s.charEnd + p.at })));
  return { ids, tokens, positions, tags, scored };
}

function methodOf(card: WorkbenchCard): RunMethod {
  if (readsLogprobs(card.output.meaning) && card.output.meaning !== 'vocab-logits') {
    if (card.method === 'qrm' || card.method === 'pqm' || card.method === 'cls-prm' || card.method === 'orm') return card.method;
    fail(
      'card-invalid',
      `${card.id}: "${card.output.meaning}" needs the method qrm, pqm, cls-prm or orm.`,
      'Fix method in workbench.json.',
    );
  }
  if (card.output.meaning === 'vocab-logits') return card.method === 'capo-critic' || card.method === null ? 'logprob' : card.method;
  if (!card.method) fail('card-invalid', `${card.id} is a reward model without a method.`, 'Set "method" in workbench.json.');
  return card.method;
}

interface RunFacts {
  modelId: string;
  device: string;
  tokenizeMs: number;
  runMs: number;
  bytesRead: number;
}

function run(
  trace: Trace,
  facts: RunFacts,
  method: RunMethod,
  fields: Pick<ScoreRun, 'tokens' | 'tokenScores' | 'stepScores' | 'traceScore' | 'raw'>,
): ScoreRun {
  return {
    traceId: trace.id,
    modelId: facts.modelId,
    method,
    device: facts.device,
    dtype: 'float32',
    ...fields,
    timingMs: { tokenize: facts.tokenizeMs, run: facts.runMs, total: facts.tokenizeMs + facts.runMs },
    bytesRead: facts.bytesRead,
    appVersion: APP_VERSION,
  };
}

const steppedScores = (trace: Trace, tokens: TokenSpan[], perStep: readonly number[]) =>
  tokenStepIndex(trace.steps, tokens).map((k) => (k >= 0 ? perStep[k] : null));

/**
 * An LM-head reward model's run (src/methods/lmReadout.ts): `lp` is log φ of each response token, `scoredLp` also
 * of what the template appends (EOS). The raw log φ stays in the run, so every view can show it.
 */
function readoutRun(
  card: WorkbenchCard,
  method: RunMethod,
  trace: Trace,
  facts: RunFacts,
  e: Encoded,
  lp: number[],
  scoredLp: number[],
  settings: ScoringSettings,
): ScoreRun {
  const options = softminOptions(card.params);
  const ranges = stepTokenRanges(trace.steps, e.tokens);
  const raw = { logprobs: lp, scored: scoredLp };
  if (card.output.meaning === 'lm-token-logprob' && method === 'qrm')
    return run(trace, facts, method, {
      tokens: e.tokens,
      tokenScores: lp,
      stepScores: trace.steps.length ? qrmStepScores(lp, ranges, settings.qrmStepAggregation) : null,
      traceScore: qrmSequenceScore(scoredLp),
      raw,
    });
  if (card.output.meaning === 'lm-prefix-softmin' && (method === 'pqm' || method === 'cls-prm')) {
    const { q } = prefixSoftminQ(lp, ranges, options);
    const steps = method === 'pqm' ? q : q.map(sigmoid);
    const traceScore = !steps.length
      ? null
      : method === 'pqm'
        ? pqmSequenceScore(steps, settings.pqmSequenceAggregation)
        : clsPrmAggregate(steps, settings.clsPrmAggregation);
    return run(trace, facts, method, {
      tokens: e.tokens,
      tokenScores: steppedScores(trace, e.tokens, steps),
      stepScores: trace.steps.length ? steps : null,
      traceScore,
      raw: { ...raw, q },
    });
  }
  if (card.output.meaning === 'lm-softmin-outcome' && method === 'orm') {
    const r = softminOutcome(scoredLp, options).value;
    return run(trace, facts, method, {
      tokens: e.tokens,
      tokenScores: ormTokenCredit(r, e.tokens.length),
      stepScores: null,
      traceScore: r,
      raw,
    });
  }
  fail(
    'card-invalid',
    `${card.id}: method "${method}" cannot read a "${card.output.meaning}" output.`,
    'Fix method or output.meaning in workbench.json.',
  );
}

/**
 * Scores every trace with one model; each trace gets its own ScoreRun. A model with a reference (a DPO model) gives
 * the implicit PRM β·log(π/π_ref) under its own id, and its answer score is its DPO reward, the final q: the summed
 * log-ratio its loss was trained on (methods.md §5.3).
 */
export async function scoreTraces(
  runner: ModelRunner,
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
  // Characters the tokenizer lacks are read as its unknown token, in every view alike; the run says which.
  return runs.map((run, i) => {
    const unknown = unknownCharacters(tokenizer, `${traces[i].problem}\n${traces[i].response}`);
    return unknown.length ? { ...run, unknownChars: unknown } : run;
  });
}

async function scoreOwn(runner: ModelRunner, traces: readonly Trace[], device: string, settings: ScoringSettings): Promise<ScoreRun[]> {
  const { card, tokenizer } = runner.parts;
  const method = methodOf(card);
  const t0 = performance.now();
  const lm = readsLogprobs(card.output.meaning);
  const encoded = traces.map((t) => encodeTrace(card, tokenizer, t, lm, { context: runner.context }));
  const t1 = performance.now();
  // One batch serves every trace: each run records its share of the time and of the bytes read back.
  const perTrace = (bytesRead: number): RunFacts => ({
    modelId: card.id,
    device,
    tokenizeMs: (t1 - t0) / traces.length,
    runMs: (performance.now() - t1) / traces.length,
    bytesRead: bytesRead / traces.length,
  });
  if (lm) {
    const { logprobs, entropy, bytesRead } = await runner.logprobs(encoded.map((e) => e.ids));
    const facts = perTrace(bytesRead);
    return traces.map((trace, i) => {
      const e = encoded[i];
      // Token at position p is predicted by row p − 1.
      const lp = e.positions.map((p) => logprobs[i][p - 1]);
      if (card.output.meaning !== 'vocab-logits')
        return readoutRun(
          card,
          method,
          trace,
          facts,
          e,
          lp,
          e.scored.map((p) => logprobs[i][p - 1]),
          settings,
        );
      return run(trace, facts, 'logprob', {
        tokens: e.tokens,
        tokenScores: lp,
        stepScores: null,
        traceScore: lp.reduce((a, b) => a + b, 0),
        raw: { logprobs: lp, entropy: e.positions.map((p) => entropy[i][p - 1]) },
      });
    });
  }
  const { rows, width, bytesRead } = await runner.scalars(encoded.map((e) => e.ids));
  const facts = perTrace(bytesRead);
  return traces.map((trace, i) => {
    const e = encoded[i];
    const at = (p: number, k = 0) => rows[i][p * width + k];
    if (card.output.meaning === 'token-scalar' && method === 'qrm') {
      const z = e.scored.map((p) => at(p));
      const zTokens = z.slice(0, e.tokens.length);
      return run(trace, facts, method, {
        tokens: e.tokens,
        tokenScores: zTokens,
        stepScores: trace.steps.length ? qrmStepScores(zTokens, stepTokenRanges(trace.steps, e.tokens), settings.qrmStepAggregation) : null,
        traceScore: qrmSequenceScore(z),
        raw: { z },
      });
    }
    if (card.output.meaning === 'token-scalar' && method === 'orm') {
      const z = e.scored.map((p) => at(p));
      const r = ormScore(z);
      return run(trace, facts, method, {
        tokens: e.tokens,
        tokenScores: ormTokenCredit(r, e.tokens.length),
        stepScores: null,
        traceScore: r,
        raw: { z },
      });
    }
    if (card.output.meaning === 'step-tag-scalar' || card.output.meaning === 'two-class-logits') {
      if (e.tags.length !== trace.steps.length)
        fail(
          'input-invalid',
          `${card.name} found ${e.tags.length} step tags for ${trace.steps.length} steps.`,
          'Write one tag after every step, or none.',
        );
      if (method === 'pqm') {
        const q = e.tags.map((p) => at(p));
        return run(trace, facts, method, {
          tokens: e.tokens,
          tokenScores: steppedScores(trace, e.tokens, q),
          stepScores: q,
          traceScore: q.length ? pqmSequenceScore(q, settings.pqmSequenceAggregation) : null,
          raw: { q },
        });
      }
      if (method === 'cls-prm') {
        const p =
          width === 2
            ? clsPrmStepProbs(
                e.tags.map((t) => at(t, 0)),
                e.tags.map((t) => at(t, 1)),
              )
            : e.tags.map((t) => sigmoid(at(t)));
        return run(trace, facts, method, {
          tokens: e.tokens,
          tokenScores: steppedScores(trace, e.tokens, p),
          stepScores: p,
          traceScore: p.length ? clsPrmAggregate(p, settings.clsPrmAggregation) : null,
          raw: { logits: e.tags.flatMap((t) => Array.from({ length: width }, (_, k) => at(t, k))) },
        });
      }
    }
    fail(
      'card-invalid',
      `${card.id}: method "${method}" cannot read a "${card.output.meaning}" output.`,
      'Fix method or output.meaning in workbench.json.',
    );
  });
}
