/** Turns tokenised examples into one packed Batch and the Objective that reads it. */
import type { Batch, Sequence } from './gpt';
import type { Objective, ReadoutLoss } from './losses';

export interface Packed {
  batch: Batch;
  objective: Objective;
}

/** A prompt and the completion the model learns to write (its last token is usually EOS). */
export interface LmExample {
  prompt: number[];
  completion: number[];
  /** Which completion tokens carry loss; all of them when absent. */
  learn?: boolean[];
  /** A weight per completion token: the policy-gradient loss −mean(w·log π) instead of cross-entropy (RL). */
  weights?: number[];
}

/** A scored text: the reward model reads all of `ids`; the response starts at `responseStart`. */
export interface ScoredText {
  ids: number[];
  responseStart: number;
}

/** A text with step tags: `tags` are token positions inside `ids`, one per step, with 1 = correct. */
export interface TaggedText {
  ids: number[];
  tags: number[];
  labels: (0 | 1)[];
}

/** A text read through the LM head: `rows` predict the response tokens and EOS; `ends` close each step (see readoutText). */
export interface ReadoutText {
  ids: number[];
  rows: number[];
  ends: number[];
  labels: (0 | 1)[];
}

function concat(texts: number[][]): { batch: Batch; seqs: Sequence[] } {
  const seqs: Sequence[] = [];
  let at = 0;
  for (const t of texts) {
    seqs.push({ start: at, length: t.length });
    at += t.length;
  }
  return { batch: { ids: Int32Array.from(texts.flat()), seqs }, seqs };
}

/** Next-token targets on the completion only. */
export function packLm(examples: readonly LmExample[]): Packed {
  const { batch, seqs } = concat(examples.map((e) => [...e.prompt, ...e.completion]));
  const targets = new Int32Array(batch.ids.length).fill(-1);
  const weighted = examples.some((e) => e.weights);
  const weights = new Float64Array(weighted ? batch.ids.length : 0);
  examples.forEach((e, i) => {
    const s = seqs[i];
    if (weighted && e.weights?.length !== e.completion.length)
      throw new Error(`example ${i}: ${e.weights?.length ?? 0} weights for ${e.completion.length} completion tokens`);
    for (let t = e.prompt.length - 1; t < s.length - 1; t++) {
      const c = t + 1 - e.prompt.length;
      if (!(e.learn?.[c] ?? true)) continue;
      targets[s.start + t] = batch.ids[s.start + t + 1];
      if (weighted) weights[s.start + t] = e.weights?.[c] ?? 0;
    }
  });
  return { batch, objective: weighted ? { kind: 'lm', targets, weights } : { kind: 'lm', targets } };
}

/** Preference pairs, chosen then rejected, for the Q-RM loss (response mean) or the ORM loss (last token). */
export function packPairs(
  pairs: readonly { chosen: ScoredText; rejected: ScoredText }[],
  loss: { kind: 'qrm'; beta: number; gamma: number } | { kind: 'orm' },
): Packed {
  const { batch, seqs } = concat(pairs.flatMap((p) => [p.chosen.ids, p.rejected.ids]));
  const response = (text: ScoredText, s: Sequence): Sequence => ({
    start: s.start + text.responseStart,
    length: s.length - text.responseStart,
  });
  const spans = pairs.map((p, i) => ({ chosen: response(p.chosen, seqs[2 * i]), rejected: response(p.rejected, seqs[2 * i + 1]) }));
  if (loss.kind === 'qrm') return { batch, objective: { kind: 'qrm', pairs: spans, beta: loss.beta, gamma: loss.gamma } };
  const last = (s: Sequence) => s.start + s.length - 1;
  return { batch, objective: { kind: 'orm', pairs: spans.map((p) => ({ chosen: last(p.chosen), rejected: last(p.rejected) })) } };
}

/** Step-tagged texts for the PQM comparative loss or the classification PRM's BCE. */
export function packSteps(items: readonly TaggedText[], loss: { kind: 'pqm'; zeta: number } | { kind: 'bce' }): Packed {
  const { batch, seqs } = concat(items.map((t) => t.ids));
  const rows = items.map((t, i) => t.tags.map((tag) => seqs[i].start + tag));
  if (loss.kind === 'pqm')
    return { batch, objective: { kind: 'pqm', zeta: loss.zeta, trajectories: items.map((t, i) => ({ rows: rows[i], labels: t.labels })) } };
  return { batch, objective: { kind: 'bce', items: items.flatMap((t, i) => t.labels.map((label, k) => ({ row: rows[i][k], label }))) } };
}

/** Texts read through the LM head; `loss` gets each text's rows, shifted to where the text sits in the batch. */
export function packReadout(texts: readonly ReadoutText[], loss: (rows: number[][]) => ReadoutLoss): Packed {
  const { batch, seqs } = concat(texts.map((t) => t.ids));
  const rows = texts.map((t, i) => t.rows.map((r) => seqs[i].start + r));
  const targets = new Int32Array(batch.ids.length).fill(-1);
  for (const list of rows) for (const r of list) targets[r] = batch.ids[r + 1];
  return { batch, objective: { kind: 'readout', targets, loss: loss(rows) } };
}
