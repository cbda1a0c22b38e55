/** What the Teach view asks of the models: live scores of a lesson's traces, and a real critic's critiques. */
import type { Trace } from '../domain/trace';
import { CRITIQUE_MAX_TOKENS, DEFAULT_CAPO } from '../methods/capo';
import { DEFAULT_SCORING } from '../methods/method';
import type { ScoreRun } from '../methods/scoreRun';
import { atUserTau } from './stepTaus';
import { modelController } from './workbench';

/** One model's runs on the lesson's traces, with the default settings. */
export const scoreLessonTraces = async (modelId: string, traces: readonly Trace[]): Promise<ScoreRun[]> =>
  (await modelController(modelId).score([...traces], DEFAULT_SCORING).done).map((run) => atUserTau(run));

/** N critiques of a trace from a critic model at temperature T (seed 1), voted with CAPO's defaults. */
export const sampleCritiques = (criticId: string, trace: Trace, n: number, temperature: number): Promise<ScoreRun> =>
  modelController(criticId).critique(trace, { n, temperature, seed: 1, maxTokens: CRITIQUE_MAX_TOKENS, capo: DEFAULT_CAPO }).done;
