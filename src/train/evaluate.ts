/**
 * Measures shipped models with onnxruntime-node on held-out traces: answer accuracy, pair accuracy, first-error F1
 * (ProcessBench), token AUROC and where Q-RM's lowest credit lands. The report and the tests share these functions.
 */
import * as ort from 'onnxruntime-node';
import { voteWrongSteps, parseWrongSteps } from '../methods/capo';
import { stepTokenRanges } from '../domain/stepTokens';
import { firstBelow, pairwiseAccuracy, processBenchF1, selectThreshold, tokenAuroc, type ProcessBenchScore } from '../methods/metrics';
import { qrmSequenceScore, qrmStepScores } from '../methods/qrm';
import type { Trace } from '../domain/trace';
import type { ModelConfig } from '../model/config';
import type { CharTokenizer } from '../model/charTokenizer';
import { ioNames } from '../model/ioNames';
import { verifyResponse } from '../arith/verify';
import type { Problem } from '../arith/problem';
import { criticPrompt, prompt } from './arithFormats';
import { EOS, scoredText, taggedText } from './arithData';
import { complete, int64 } from './ortGenerate';
import type { TracePair } from './pairs';

/** Per-token outputs of a token-scalar model for each sequence (right-padded batches of 32). */
export async function scalarOutputs(session: ort.InferenceSession, texts: readonly number[][]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += 32) {
    const chunk = texts.slice(i, i + 32);
    const width = Math.max(...chunk.map((t) => t.length));
    const ids = chunk.map((t) => [...t, ...Array<number>(width - t.length).fill(EOS)]);
    const mask = chunk.map((t) => Array.from({ length: width }, (_, j) => (j < t.length ? 1 : 0)));
    const positions = chunk.map(() => Array.from({ length: width }, (_, j) => j));
    const r = await session.run({
      [ioNames.inputIds]: int64(ids),
      [ioNames.attentionMask]: int64(mask),
      [ioNames.positionIds]: int64(positions),
    });
    const data = r[ioNames.logits].data as Float32Array;
    chunk.forEach((t, b) => out.push(data.slice(b * width, b * width + t.length)));
  }
  return out;
}

/** Share of problems whose completion at `temperature` (0 = greedy) ends in the right answer. */
export async function answerAccuracy(
  session: ort.InferenceSession,
  cfg: ModelConfig,
  tok: CharTokenizer,
  problems: readonly Problem[],
  temperature: number,
  rand: () => number,
): Promise<number> {
  const prompts = problems.map((p) => [EOS, ...tok.encode(prompt(p.question))]);
  let correct = 0;
  for (let i = 0; i < prompts.length; i += 64) {
    const outs = await complete(session, cfg, prompts.slice(i, i + 64), { temperature, maxNew: 140, eos: EOS, rand });
    outs.forEach((o, j) => (correct += Number(verifyResponse(problems[i + j], tok.decode(o)).finalCorrect)));
  }
  return correct / problems.length;
}

/** Token rows of each step of a trace read as prompt + response (one character, one token). */
/** Each step's positions, by methods.md §1.2's rule (a delimiter between steps belongs to the step before), as the runtime reads them. */
const stepRanges = (trace: Trace, responseStart: number) => {
  const chars = [...trace.response].map((text, i) => ({ id: 0, text, charStart: i, charEnd: i + 1, special: false }));
  return stepTokenRanges(trace.steps, chars).map((r) => ({ start: responseStart + r.start, end: responseStart + r.end }));
};

/** The first-error labels of a ProcessBench-style set: the chosen and rejected side of every pair. */
const processSet = (pairs: readonly TracePair[]) => pairs.flatMap((p) => [p.chosen, p.rejected]);

export interface QrmReport {
  pairAccuracy: number;
  /** Mean over rejected traces of the AUROC of low credit against the true wrong characters. */
  tokenAuroc: number;
  /** Share of rejected traces whose lowest-credit response token lies in the first wrong step's wrong span. */
  minInFirstWrongSpan: number;
  firstError: ProcessBenchScore;
  tau: number;
}

/** Z over every token of each trace read as prompt + response + EOS, and where its response starts. */
async function qrmZ(session: ort.InferenceSession, tok: CharTokenizer, traces: readonly Trace[]) {
  const texts = traces.map((t) => scoredText(tok, t));
  const outs = await scalarOutputs(
    session,
    texts.map((t) => t.ids),
  );
  return texts.map((t, i) => ({ z: Array.from(outs[i]), responseStart: t.responseStart }));
}

type Scored = Awaited<ReturnType<typeof qrmZ>>[number];
const stepScoresOf = (traces: readonly Trace[], scored: readonly Scored[]) =>
  scored.map(({ z, responseStart }, i) => qrmStepScores(z, stepRanges(traces[i], responseStart)));
const firstErrors = (traces: readonly Trace[]) => traces.map((t) => t.firstErrorStep ?? -1);

/** Q-RM on held-out pairs; τ for first-error F1 is chosen on the separate validation pairs. */
export async function qrmMetrics(
  session: ort.InferenceSession,
  tok: CharTokenizer,
  pairs: readonly TracePair[],
  validation: readonly TracePair[],
): Promise<QrmReport> {
  const evalSet = processSet(pairs);
  const scored = await qrmZ(session, tok, evalSet);
  const chosen = scored.filter((_, i) => i % 2 === 0);
  const rejected = scored.filter((_, i) => i % 2 === 1);
  const sequenceScore = ({ z, responseStart }: Scored) => qrmSequenceScore(z.slice(responseStart));
  const aurocs: number[] = [];
  let minHits = 0;
  pairs.forEach((p, i) => {
    const { z, responseStart } = rejected[i];
    const credit = z.slice(responseStart, z.length - 1);
    const wrong = credit.map((_, c) => (p.rejected.wrongSpans ?? []).some((w) => c >= w.charStart && c < w.charEnd));
    const auroc = tokenAuroc(credit, wrong);
    if (auroc !== null) aurocs.push(auroc);
    const first = firstWrongSpan(p.rejected);
    const at = credit.indexOf(Math.min(...credit));
    if (first && at >= first.charStart && at < first.charEnd) minHits++;
  });
  const valSet = processSet(validation);
  const { tau } = selectThreshold(stepScoresOf(valSet, await qrmZ(session, tok, valSet)), firstErrors(valSet));
  return {
    pairAccuracy: pairwiseAccuracy(chosen.map(sequenceScore), rejected.map(sequenceScore)),
    tokenAuroc: aurocs.reduce((a, b) => a + b, 0) / aurocs.length,
    minInFirstWrongSpan: minHits / pairs.length,
    firstError: processBenchF1(
      stepScoresOf(evalSet, scored).map((s) => firstBelow(s, tau)),
      firstErrors(evalSet),
    ),
    tau,
  };
}

/** The wrong span inside the first wrong step. */
export function firstWrongSpan(trace: Trace): { charStart: number; charEnd: number } | null {
  const step = trace.steps[trace.firstErrorStep ?? -1];
  if (!step) return null;
  return (trace.wrongSpans ?? []).find((w) => w.charStart >= step.charStart && w.charEnd <= step.charEnd) ?? null;
}

/** ORM: pair accuracy of the score at the last token (EOS). */
export async function ormMetrics(session: ort.InferenceSession, tok: CharTokenizer, pairs: readonly TracePair[]) {
  const last = async (traces: Trace[]) =>
    (
      await scalarOutputs(
        session,
        traces.map((t) => scoredText(tok, t).ids),
      )
    ).map((z) => z[z.length - 1]);
  return { pairAccuracy: pairwiseAccuracy(await last(pairs.map((p) => p.chosen)), await last(pairs.map((p) => p.rejected))) };
}

/** PQM or the classification PRM: first-error F1 with "first tag whose output is below 0" (Q < 0, or σ(z) < ½). */
export async function stepModelMetrics(session: ort.InferenceSession, tok: CharTokenizer, pairs: readonly TracePair[]) {
  const traces = processSet(pairs);
  const tagged = traces.map((t) => taggedText(tok, t));
  const outs = await scalarOutputs(
    session,
    tagged.map((t) => t.ids),
  );
  const predictions = tagged.map((t, i) =>
    firstBelow(
      t.tags.map((row) => outs[i][row]),
      0,
    ),
  );
  return {
    firstError: processBenchF1(predictions, firstErrors(traces)),
  };
}

/** The critic: first-error F1 of one sampled review, and of the majority vote over four. */
export async function criticMetrics(
  session: ort.InferenceSession,
  cfg: ModelConfig,
  tok: CharTokenizer,
  pairs: readonly TracePair[],
  rand: () => number,
) {
  const traces = processSet(pairs);
  const votes = 4;
  const prompts = traces.flatMap((t) => Array.from({ length: votes }, () => [EOS, ...tok.encode(criticPrompt(t.problem, t.response))]));
  const reviews: string[] = [];
  for (let i = 0; i < prompts.length; i += 64)
    reviews.push(
      ...(await complete(session, cfg, prompts.slice(i, i + 64), { temperature: 1, maxNew: 120, eos: EOS, rand })).map((o) =>
        tok.decode(o),
      ),
    );
  const labels = firstErrors(traces);
  const parsed = traces.map((t, i) => reviews.slice(i * votes, (i + 1) * votes).map((r) => parseWrongSteps(r, t.steps.length)));
  // An abstaining review predicts nothing: it can never match a label.
  const first = (wrong: readonly number[] | null) => (wrong === null ? -2 : wrong.length ? wrong[0] : -1);
  const distinct = parsed.filter((list) => new Set(list.map((w) => JSON.stringify(w))).size > 1).length;
  return {
    single: processBenchF1(
      parsed.map((list) => first(list[0])),
      labels,
    ),
    majority: processBenchF1(
      parsed.map((list, i) => first(voteWrongSteps(list, traces[i].steps.length, 'majority').wrong)),
      labels,
    ),
    abstainRate: parsed.flat().filter((w) => w === null).length / parsed.flat().length,
    /** Share of traces whose four sampled reviews are not all the same verdict. */
    diverseVerdicts: distinct / traces.length,
    example: reviews[votes],
  };
}
