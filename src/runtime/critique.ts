/**
 * CAPO (methods.md §4): N critiques of one trace, parsed and voted, become token rewards. The critiques come from a
 * generative critic (sampled in one batch with the KV cache) or from the oracle critic; the math is src/methods/capo.
 */
import { fail } from '../domain/errors';
import { seededRandom } from '../domain/random';
import type { Trace } from '../domain/trace';
import { capoRun, parseWrongSteps, type CapoOptions } from '../methods/capo';
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

/** The critic's prompt for a trace, as token ids (BOS first where the tokenizer has one). */
function promptIds(critic: ScoringModel, trace: Trace): number[] {
  const { card, tokenizer } = critic.parts;
  const text = card.template.prompt.replace('{problem}', trace.problem).replace('{solution}', trace.response);
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

/** Samples `n` critiques from the critic at once, then votes them (CAPO with a generative critic). */
export async function critique(
  critic: ScoringModel,
  trace: Trace,
  options: CritiqueOptions,
  capo: CapoOptions,
  device: string,
): Promise<ScoreRun> {
  requireCritic(critic);
  const t0 = performance.now();
  const { card, tokenizer } = critic.parts;
  await critic.prepare?.(() => tokenizer.encode(trace.response));
  const tokens = tokenizer.spans(trace.response, tokenizer.encode(trace.response));
  const t1 = performance.now();
  const [critiques] = await sampleCritiques(critic, [trace], options);
  const t2 = performance.now();
  return capoRun(trace, tokens, critiques, capo, {
    modelId: card.id,
    device,
    timingMs: { tokenize: t1 - t0, run: t2 - t1, total: t2 - t0 },
    bytesRead: 0,
  });
}
