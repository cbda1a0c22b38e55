/**
 * CAPO (methods.md §4): N critiques of one trace, parsed and voted, become token rewards. The critiques come from a
 * generative critic (sampled in one batch with the KV cache) or from the oracle critic; the math is src/methods/capo.
 */
import { fail } from '../domain/errors';
import { seededRandom } from '../domain/random';
import type { Trace } from '../domain/trace';
import { capoRun, parseWrongSteps, reviewWrongSteps, stepVerdict, type CapoOptions } from '../methods/capo';
import type { StepReview } from '../model/modelCard';
import type { Critique } from '../methods/scoreRun';
import type { ScoreRun } from '../methods/scoreRun';
import type { ScoringModel } from './scoringModel';

export interface CritiqueOptions {
  n: number;
  temperature: number;
  topP?: number;
  seed: number;
  maxTokens: number;
  stopped?: () => boolean;
  pause?: () => Promise<void>;
}

/** The most tokens one verdict may take: a word, and room for a tokenizer that splits it. */
const VERDICT_MAX_TOKENS = 8;

/** The critic's prompt for a trace, as token ids (BOS first where the tokenizer has one); a step review's has no solution. */
function promptIds(critic: ScoringModel, trace: Trace): number[] {
  const { card, tokenizer } = critic.parts;
  const solution = card.review ? '' : trace.response;
  const text = card.template.prompt.replace('{problem}', trace.problem).replace('{solution}', solution);
  return [...(tokenizer.bosId !== null ? [tokenizer.bosId] : []), ...tokenizer.encode(text)];
}

function requireCritic(critic: ScoringModel): void {
  const { card } = critic.parts;
  if (card.method !== 'capo-critic')
    fail('card-invalid', `${card.name} is not a CAPO critic.`, 'Pick a model whose method is capo-critic.');
}

/**
 * `n` critiques of every trace, sampled in one batch from one seeded stream: each critique's text and the wrong steps
 * it names (null when it abstains).
 */
export async function sampleCritiques(critic: ScoringModel, traces: readonly Trace[], options: CritiqueOptions): Promise<Critique[][]> {
  requireCritic(critic);
  const { tokenizer } = critic.parts;
  for (const trace of traces)
    if (!trace.steps.length)
      fail('input-invalid', 'The trace has no steps for the critic to judge.', 'Split the response into steps first.');
  if (critic.parts.card.review) return sampleStepReviews(critic, critic.parts.card.review, traces, options);
  await critic.prepare?.(() => traces.forEach((trace) => promptIds(critic, trace)));
  const prompts = traces.map((trace) => promptIds(critic, trace));
  const outs = await critic.generate(
    prompts.flatMap((p) => Array.from({ length: options.n }, () => p)),
    {
      temperature: options.temperature,
      topP: options.topP,
      maxNew: options.maxTokens,
      eos: tokenizer.eosId ?? -1,
      rand: seededRandom(options.seed),
      seed: options.seed,
      stopped: options.stopped,
      pause: options.pause,
    },
  );
  if (options.stopped?.()) fail('cancelled', 'The critique was cancelled.', 'Start it again when you are ready.');
  return traces.map((trace, i) =>
    outs.slice(i * options.n, (i + 1) * options.n).map((ids) => {
      const text = tokenizer.decode(ids);
      return { text, wrongSteps: parseWrongSteps(text, trace.steps.length) };
    }),
  );
}

interface ReviewRow {
  trace: Trace;
  ids: number[];
  text: string;
  verdicts: ('right' | 'wrong' | null)[];
  /** The review outgrew the critic's context: it stops and abstains. */
  overflow?: boolean;
}

/**
 * `n` step-by-step reviews of every trace (the card's `review`, methods.md §4.3). Step by step, for every sample at once:
 * the runtime writes the attempt cue and the critic writes its own version of the step up to the stop token; the
 * runtime writes the given step and the critic writes its verdict. Samples that read the same tokens so far go as one
 * prompt asked n times, so a served engine draws them in one request, each its own sample.
 */
async function sampleStepReviews(
  critic: ScoringModel,
  review: StepReview,
  traces: readonly Trace[],
  options: CritiqueOptions,
): Promise<Critique[][]> {
  const { card, tokenizer } = critic.parts;
  const given = (trace: Trace, k: number) => review.given.replace('{step}', String(k + 1)).replace('{text}', trace.steps[k].text);
  await critic.prepare?.(() =>
    traces.forEach((trace) => {
      promptIds(critic, trace);
      tokenizer.encode(review.attempt + review.stop);
      trace.steps.forEach((_, k) => tokenizer.encode(given(trace, k)));
    }),
  );
  const stopIds = tokenizer.encode(review.stop);
  if (stopIds.length !== 1)
    fail(
      'card-invalid',
      `${card.name}'s review stop ${JSON.stringify(review.stop)} is ${stopIds.length} tokens in its tokenizer; each part the critic writes must end at one token.`,
      'Set "review.stop" in workbench.json to a single token, such as a newline.',
    );
  const [stop] = stopIds;
  const rows: ReviewRow[] = traces.flatMap((trace) =>
    Array.from({ length: options.n }, () => ({ trace, ids: promptIds(critic, trace), text: '', verdicts: [] })),
  );
  let part = 0;
  /** The runtime writes `cue` on every row, then the critic writes up to the stop; returns what it wrote on each row. */
  const write = async (active: ReviewRow[], cue: (row: ReviewRow) => string, maxNew: number): Promise<string[]> => {
    const groups = new Map<string, ReviewRow[]>();
    for (const row of active) {
      const text = cue(row);
      row.ids.push(...tokenizer.encode(text));
      row.text += text;
      // A review that outgrows the critic's context stops here and abstains; the other samples go on.
      if (row.ids.length + 1 > critic.context) row.overflow = true;
      if (row.overflow) continue;
      const key = row.ids.join(',');
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const order = [...groups.values()].flat();
    if (!order.length) return active.map(() => '');
    // Rows of one group share one array: a served model asks for them as one prompt with n samples, drawn from the
    // part's seed. In this process each group draws from a stream of that seed too, so both give the same reviews.
    const seed = options.seed + part++;
    const batch = [...groups.values()].flatMap((g) => {
      const ids = [...g[0].ids];
      return g.map(() => ids);
    });
    const rands = [...groups.values()].flatMap((g) => {
      const stream = seededRandom(seed);
      return g.map(() => stream);
    });
    const outs = await critic.generate(batch, {
      temperature: options.temperature,
      topP: options.topP,
      maxNew: Math.min(maxNew, critic.context - Math.max(...order.map((r) => r.ids.length))),
      eos: stop,
      stop: review.stop,
      rand: rands[0],
      rands,
      seed,
      stopped: options.stopped,
      pause: options.pause,
    });
    const written = new Map(
      order.map((row, i) => {
        // A tokenizer may have merged the stop into a longer token: the part ends at the stop's first character.
        const whole = tokenizer.decode(outs[i]);
        const cut = whole.indexOf(review.stop);
        const text = cut < 0 ? whole : whole.slice(0, cut);
        row.ids.push(...(cut < 0 ? outs[i] : tokenizer.encode(text)), stop);
        row.text += text + review.stop;
        return [row, text] as const;
      }),
    );
    return active.map((row) => written.get(row) ?? '');
  };
  const reviewing = (k: number) => rows.filter((r) => k < r.trace.steps.length && !r.overflow);
  const steps = Math.max(...traces.map((t) => t.steps.length));
  for (let k = 0; k < steps && !options.stopped?.(); k++) {
    if (review.attempt) await write(reviewing(k), () => review.attempt, options.maxTokens);
    const active = reviewing(k);
    const verdicts = await write(active, (row) => given(row.trace, k), VERDICT_MAX_TOKENS);
    active.forEach((row, i) => row.verdicts.push(stepVerdict(verdicts[i], review.verdicts)));
  }
  if (options.stopped?.()) fail('cancelled', 'The critique was cancelled.', 'Start it again when you are ready.');
  if (rows.every((r) => r.overflow))
    fail(
      'input-too-long',
      `Reviewing ${traces.length === 1 ? 'this trace' : 'these traces'} step by step takes more than ${critic.context} tokens, the critic's context.`,
      'Shorten the trace or pick a critic with a longer context.',
    );
  return traces.map((_, i) =>
    rows
      .slice(i * options.n, (i + 1) * options.n)
      .map((r) => ({ text: r.text, wrongSteps: r.overflow ? null : reviewWrongSteps(r.verdicts) })),
  );
}

/**
 * CAPO with a generative critic over a batch: samples `n` critiques of every trace at once, then votes each trace's.
 * A trace's critiques do not depend on the batch it is in (each prompt group draws from its own seeded stream), so a
 * batch gives what one trace at a time would; each run's time is its share of the batch's.
 */
export async function critiqueBatch(
  critic: ScoringModel,
  traces: readonly Trace[],
  options: CritiqueOptions,
  capo: CapoOptions,
  device: string,
): Promise<ScoreRun[]> {
  requireCritic(critic);
  const t0 = performance.now();
  const { card, tokenizer } = critic.parts;
  await critic.prepare?.(() => traces.forEach((t) => tokenizer.encode(t.response)));
  const tokens = traces.map((t) => tokenizer.spans(t.response, tokenizer.encode(t.response)));
  const t1 = performance.now();
  const critiques = await sampleCritiques(critic, traces, options);
  const t2 = performance.now();
  const share = (ms: number) => ms / Math.max(1, traces.length);
  return traces.map((trace, i) =>
    capoRun(trace, tokens[i], critiques[i], capo, {
      modelId: card.id,
      device,
      timingMs: { tokenize: share(t1 - t0), run: share(t2 - t1), total: share(t2 - t0) },
      bytesRead: 0,
    }),
  );
}

/** Samples `n` critiques of one trace from the critic at once, then votes them (CAPO with a generative critic). */
export async function critique(
  critic: ScoringModel,
  trace: Trace,
  options: CritiqueOptions,
  capo: CapoOptions,
  device: string,
): Promise<ScoreRun> {
  const [run] = await critiqueBatch(critic, [trace], options, capo, device);
  return run;
}
