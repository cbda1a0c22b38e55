/**
 * Measures the generative models with onnxruntime-node: the policy's answer accuracy and the critic's reviews. Reward
 * models are measured through the runtime's own scoring (creditEval.ts).
 */
import * as ort from 'onnxruntime-node';
import { voteWrongSteps, parseWrongSteps, CRITIQUE_MAX_TOKENS } from '../methods/capo';
import type { Trace } from '../domain/trace';
import type { ModelConfig } from '../model/config';
import type { CharTokenizer } from '../model/charTokenizer';
import type { Problem } from '../arith/problem';
import { criticPrompt, EOS } from '../arith/prompts';
import { complete } from './ortGenerate';
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
 * The critic on labelled traces: four reviews of each at T = 1; first-error F1 of the first review and of the majority
 * vote, and each trace's voted first wrong step (−1: none, −2: every review abstained).
 */
export async function criticMetrics(
  session: ort.InferenceSession,
  cfg: ModelConfig,
  tok: CharTokenizer,
  traces: readonly Trace[],
  rand: () => number,
) {
  const votes = 4;
  const prompts = traces.flatMap((t) => Array.from({ length: votes }, () => [EOS, ...tok.encode(criticPrompt(t.problem, t.response))]));
  const reviews: string[] = [];
  for (let i = 0; i < prompts.length; i += 64)
    reviews.push(
      ...(await complete(session, cfg, prompts.slice(i, i + 64), { temperature: 1, maxNew: CRITIQUE_MAX_TOKENS, eos: EOS, rand })).map(
        (o) => tok.decode(o),
      ),
    );
  const labels = firstErrors(traces);
  const parsed = traces.map((t, i) => reviews.slice(i * votes, (i + 1) * votes).map((r) => parseWrongSteps(r, t.steps.length)));
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
    example: reviews[votes],
  };
}
