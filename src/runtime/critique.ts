/**
 * CAPO (methods.md §4): N critiques of one trace, parsed and voted, become token rewards. The critiques come from a
 * generative critic (sampled in one batch with the KV cache) or from the oracle critic; the math is src/methods/capo.
 */
import { APP_VERSION } from '../domain/appVersion';
import type { Critique, ScoreRun } from '../domain/scoreRun';
import { tokenStepIndex } from '../domain/stepTokens';
import type { TokenSpan } from '../domain/tokenSpan';
import type { Trace } from '../domain/trace';
import { seededRandom } from '../domain/random';
import { capoTokenRewards, parseWrongSteps, voteWrongSteps, type CapoRewardOptions } from '../methods/capo';
import type { VoteMode } from '../methods/settings';
import { fail } from './errors';
import type { ModelRunner } from './modelRunner';

export interface CapoOptions {
  vote: VoteMode;
  voteTau: number;
  reward: Partial<CapoRewardOptions>;
}

export const DEFAULT_CAPO: CapoOptions = { vote: 'majority', voteTau: 0.5, reward: {} };

/** Room for a review: the shipped critic names the wrong lines in well under 120 tokens. */
export const CRITIQUE_MAX_TOKENS = 160;

export interface CritiqueOptions {
  n: number;
  temperature: number;
  topP?: number;
  seed: number;
  maxTokens: number;
  stopped?: () => boolean;
  pause?: () => Promise<void>;
}

/** The verdict on the final answer: the verifier's when known, else the answer against the gold one. */
function outcomeOf(trace: Trace): boolean {
  if (trace.finalCorrect !== undefined) return trace.finalCorrect;
  if (trace.answer !== undefined && trace.goldAnswer !== undefined) return trace.answer.trim() === trace.goldAnswer.trim();
  fail('input-invalid', 'CAPO needs the outcome: this trace has no verdict and no gold answer.', 'Add the gold answer to the trace.');
}

/** Votes the critiques and turns the verdict into per-token rewards over `tokens` (offsets into the response). */
export function capoRun(
  trace: Trace,
  tokens: TokenSpan[],
  critiques: Critique[],
  options: CapoOptions,
  facts: { modelId: string; device: string; timingMs: ScoreRun['timingMs']; bytesRead: number },
): ScoreRun {
  const votes = voteWrongSteps(
    critiques.map((c) => c.wrongSteps),
    trace.steps.length,
    options.vote,
    options.voteTau,
  );
  const outcome = outcomeOf(trace);
  const rewards = tokens.length ? capoTokenRewards(tokenStepIndex(trace.steps, tokens), votes.wrong, outcome, options.reward) : [];
  return {
    traceId: trace.id,
    modelId: facts.modelId,
    method: 'capo-critic',
    device: facts.device,
    dtype: 'float32',
    tokens,
    tokenScores: rewards,
    stepScores: votes.counts.map((c) => (votes.voters ? c / votes.voters : 0)),
    traceScore: rewards.length ? rewards.reduce((a, b) => a + b, 0) / rewards.length : null,
    raw: { votes: votes.counts },
    capo: { critiques, votes: { counts: votes.counts, voters: votes.voters, abstained: votes.abstained, wrong: votes.wrong }, outcome },
    timingMs: facts.timingMs,
    bytesRead: facts.bytesRead,
    appVersion: APP_VERSION,
  };
}

/** Samples `n` critiques from the critic at once, then votes them (CAPO with a generative critic). */
export async function critique(
  critic: ModelRunner,
  trace: Trace,
  options: CritiqueOptions,
  capo: CapoOptions,
  device: string,
): Promise<ScoreRun> {
  const { card, tokenizer } = critic.parts;
  if (card.method !== 'capo-critic')
    fail('card-invalid', `${card.name} is not a CAPO critic.`, 'Pick a model whose method is capo-critic.');
  if (!trace.steps.length) fail('input-invalid', 'The trace has no steps for the critic to judge.', 'Split the response into steps first.');
  const t0 = performance.now();
  const promptText = card.template.prompt.replace('{problem}', trace.problem).replace('{solution}', trace.response);
  const prompt = [...(tokenizer.bosId !== null ? [tokenizer.bosId] : []), ...tokenizer.encode(promptText)];
  const responseIds = tokenizer.encode(trace.response);
  const tokens = tokenizer.spans(trace.response, responseIds);
  const t1 = performance.now();
  const outs = await critic.generate(
    Array.from({ length: options.n }, () => prompt),
    {
      temperature: options.temperature,
      topP: options.topP,
      maxNew: options.maxTokens,
      eos: tokenizer.eosId ?? -1,
      rand: seededRandom(options.seed),
      stopped: options.stopped,
      pause: options.pause,
    },
  );
  if (options.stopped?.()) fail('cancelled', 'The critique was cancelled.', 'Start it again when you are ready.');
  const critiques = outs.map((ids) => {
    const text = tokenizer.decode(ids);
    return { text, wrongSteps: parseWrongSteps(text, trace.steps.length) };
  });
  const t2 = performance.now();
  return capoRun(trace, tokens, critiques, capo, {
    modelId: card.id,
    device,
    timingMs: { tokenize: t1 - t0, run: t2 - t1, total: t2 - t0 },
    bytesRead: 0,
  });
}
