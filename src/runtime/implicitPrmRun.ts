/** The implicit PRM needs two models: its ScoreRun is made from the policy's and the reference's log-prob runs. */
import { APP_VERSION } from '../domain/appVersion';
import type { ScoreRun } from '../domain/scoreRun';
import { stepTokenRanges } from '../domain/stepTokens';
import type { Trace } from '../domain/trace';
import { implicitPrmSequenceScore, implicitPrmStepRewards, implicitPrmTokenRewards, type ImplicitPrmOptions } from '../methods/implicitPrm';
import { fail } from './errors';

/**
 * r_t = β·(log π − log π_ref) per token (methods.md §5.3); both runs must share a tokenizer. The answer's score is the
 * minimum step reward or the final q (`aggregation`, the setting's default when absent).
 */
export function implicitPrmRun(
  trace: Trace,
  policy: ScoreRun,
  reference: ScoreRun,
  options: Partial<ImplicitPrmOptions> = {},
  aggregation?: 'min-step' | 'final-q',
): ScoreRun {
  const same = policy.tokens.length === reference.tokens.length && policy.tokens.every((t, i) => t.id === reference.tokens[i].id);
  if (!same)
    fail(
      'input-invalid',
      `${policy.modelId} and ${reference.modelId} tokenize the trace differently.`,
      'Pick a reference made from the same policy.',
    );
  const rewards = implicitPrmTokenRewards(policy.raw.logprobs, reference.raw.logprobs, options);
  const ranges = stepTokenRanges(trace.steps, policy.tokens);
  const stepped = trace.steps.length > 0 && ranges.every((r) => r.end > r.start);
  return {
    traceId: trace.id,
    modelId: `${policy.modelId} ÷ ${reference.modelId}`,
    method: 'implicit-prm',
    device: policy.device,
    dtype: 'float32',
    tokens: policy.tokens,
    tokenScores: rewards,
    stepScores: stepped ? implicitPrmStepRewards(rewards, ranges) : null,
    traceScore:
      stepped && aggregation !== 'final-q' ? implicitPrmSequenceScore(rewards, ranges, aggregation) : rewards.reduce((a, b) => a + b, 0),
    raw: { rewards, policyLogprobs: policy.raw.logprobs, referenceLogprobs: reference.raw.logprobs },
    timingMs: {
      tokenize: policy.timingMs.tokenize + reference.timingMs.tokenize,
      run: Math.max(policy.timingMs.run, reference.timingMs.run),
      total: Math.max(policy.timingMs.total, reference.timingMs.total),
    },
    bytesRead: policy.bytesRead + reference.bytesRead,
    appVersion: APP_VERSION,
  };
}
