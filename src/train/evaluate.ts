/**
 * Measures the generative models with onnxruntime-node: the policy's answer accuracy and the critic's reviews. Reward
 * models are measured through the runtime's own scoring (creditEval.ts).
 */
import * as ort from 'onnxruntime-node';
import { voteWrongSteps, CRITIQUE_MAX_TOKENS } from '../methods/capo';
import type { Critique } from '../methods/scoreRun';
import { WorkbenchFailure } from '../domain/errors';
import { sampleCritiques } from '../runtime/critique';
import type { ScoringModel } from '../runtime/scoringModel';
import type { Trace } from '../domain/trace';
import type { ModelConfig } from '../model/config';
import type { CharTokenizer } from '../model/charTokenizer';
import type { Problem } from '../arith/problem';
import { processBenchF1 } from '../eval/datasetMetrics';
import { answerAccuracy as accuracyWith } from '../runtime/rlLoop';

/** Share of problems whose completion at `temperature` (0 = greedy) ends in the right answer. */
export const answerAccuracy = (
  session: ort.InferenceSession,
  cfg: ModelConfig,
  tok: CharTokenizer,
  problems: readonly Problem[],
  temperature: number,
  rand: () => number,
) => accuracyWith(ort, session, cfg, tok, problems, temperature, rand);

const firstErrors = (traces: readonly Trace[]) => traces.map((t) => t.firstErrorStep ?? -1);

/**
 * The critic on labelled traces, through the runtime's own sampler (its card's review format): four reviews of each at
 * T = 1; first-error F1 of the first review and of the majority vote, and each trace's voted first wrong step (−1:
 * none, −2: every review abstained).
 */
export async function criticMetrics(critic: ScoringModel, traces: readonly Trace[], seed: number) {
  const votes = 4;
  const critiques: Critique[][] = [];
  for (let i = 0; i < traces.length; i += 16) {
    const chunk = traces.slice(i, i + 16);
    const options = { n: votes, temperature: 1, seed: seed + i, maxTokens: CRITIQUE_MAX_TOKENS };
    // A critic that has not learned to stop (early in training) can outgrow its context on every sample: all abstain.
    const sampled = await sampleCritiques(critic, chunk, options).catch((e: unknown) => {
      if (e instanceof WorkbenchFailure && e.detail.code === 'input-too-long')
        return chunk.map(() => Array.from({ length: votes }, () => ({ text: '', wrongSteps: null })));
      throw e;
    });
    critiques.push(...sampled);
  }
  const labels = firstErrors(traces);
  const parsed = critiques.map((list) => list.map((c) => c.wrongSteps));
  // An abstaining review predicts nothing: it can never match a label.
  const first = (wrong: readonly number[] | null) => (wrong === null ? -2 : wrong.length ? wrong[0] : -1);
  const distinct = parsed.filter((list) => new Set(list.map((w) => JSON.stringify(w))).size > 1).length;
  const majorityFirst = parsed.map((list, i) => first(voteWrongSteps(list, traces[i].steps.length, 'majority').wrong));
  return {
    majorityFirst,
    single: processBenchF1(
      parsed.map((list) => first(list[0])),
      labels,
    ),
    majority: processBenchF1(majorityFirst, labels),
    abstainRate: parsed.flat().filter((w) => w === null).length / parsed.flat().length,
    /** Share of traces whose four sampled reviews are not all the same verdict. */
    diverseVerdicts: distinct / traces.length,
    example: critiques[1]?.[0]?.text ?? '',
  };
}
