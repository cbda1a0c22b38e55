/**
 * Training objectives on the model's output rows. Each returns the loss and writes ∂L/∂out into dOut. The reward
 * losses are the ones in src/methods (values and, where they give one, gradients); this file only routes rows.
 */
import { ormPairLoss } from '../methods/orm';
import { pqmTrajectoryGrad, pqmTrajectoryLoss } from '../methods/pqm';
import { qrmPairLoss } from '../methods/qrm';
import { logSigmoid, sigmoid } from '../methods/numeric';
import { prefixSoftminQ, softmin, type SoftminOptions } from '../methods/lmReadout';
import type { Sequence } from './gpt';
import type { Vec } from './kernels';

export type Objective =
  /**
   * Next-token cross-entropy, mean over rows whose target is ≥ 0 (the target of row t is the token at t + 1). With
   * `weights` (one per row) it is the policy-gradient loss −mean(w_t·log π(y_t)): REINFORCE with token rewards, or
   * GRPO / CAPO with token advantages (methods.md §2.6, §4.6).
   */
  | { kind: 'lm'; targets: Int32Array; weights?: Float64Array }
  /** Q-RM pair loss on the mean Z of each response (methods.md §2.4). */
  | { kind: 'qrm'; pairs: { chosen: Sequence; rejected: Sequence }[]; beta: number; gamma: number }
  /** PQM comparative loss on the rows of the step tags (methods.md §3.4). */
  | { kind: 'pqm'; trajectories: { rows: number[]; labels: (0 | 1)[] }[]; zeta: number }
  /** ORM Bradley–Terry loss on the last response row of each side (methods.md §5.1). */
  | { kind: 'orm'; pairs: { chosen: number; rejected: number }[] }
  /** Step BCE on σ(z) at the step tags (classification PRM, methods.md §5.2). */
  | { kind: 'bce'; items: { row: number; label: 0 | 1 }[] }
  /** A loss on the LM head's log φ of each target (src/methods/lmReadout.ts); `targets` as for `lm`. */
  | { kind: 'readout'; targets: Int32Array; loss: ReadoutLoss };

/** Rows are output rows: the row before each scored token, whose target is that token. */
export type ReadoutLoss =
  /** Q-RM's pair loss with Z_t = log φ_t (methods.md §2.4, §2.9). */
  | { kind: 'qrm'; pairs: { chosen: number[]; rejected: number[] }[]; beta: number; gamma: number }
  /** Step Q = bias + softmin over each step prefix; PQM's comparative loss or step BCE on it. */
  | {
      kind: 'steps';
      loss: 'pqm' | 'bce';
      items: { rows: number[]; ends: number[]; labels: (0 | 1)[] }[];
      zeta: number;
      readout: SoftminOptions;
    }
  /** Bradley–Terry on the soft minimum over each response (methods.md §5.1). */
  | { kind: 'orm'; pairs: { chosen: number[]; rejected: number[] }[]; temperature: number }
  /** DPO against fixed reference sums of log π_ref (methods.md §5.3). */
  | { kind: 'dpo'; pairs: { chosen: number[]; rejected: number[]; refChosen: number; refRejected: number }[]; beta: number };

export interface LossResult {
  loss: number;
  /** The objective's own accuracy: next-token, pair or step accuracy. */
  accuracy: number;
}

function rows(out: Vec, s: Sequence): number[] {
  return Array.from(out.subarray(s.start, s.start + s.length));
}

/** log φ of each row's target (rows with a target only), with the row's softmax kept for the backward pass. */
function logphiRows(targets: Int32Array, out: Vec, width: number, tokens: number) {
  const lp = new Float64Array(tokens);
  for (let r = 0; r < tokens; r++) {
    if (targets[r] < 0) continue;
    const o = r * width;
    let max = -Infinity;
    for (let v = 0; v < width; v++) max = Math.max(max, out[o + v]);
    let sum = 0;
    for (let v = 0; v < width; v++) sum += Math.exp(out[o + v] - max);
    lp[r] = out[o + targets[r]] - max - Math.log(sum);
  }
  return lp;
}

/** The read-out loss on log φ: its value, accuracy and ∂L/∂log φ per row. */
function readoutLoss(loss: ReadoutLoss, lp: Float64Array): { loss: number; accuracy: number; dlp: Float64Array } {
  const dlp = new Float64Array(lp.length);
  const at = (rows: number[]) => rows.map((r) => lp[r]);
  switch (loss.kind) {
    case 'qrm': {
      let sum = 0;
      let correct = 0;
      for (const p of loss.pairs) {
        const r = qrmPairLoss(at(p.chosen), at(p.rejected), loss);
        sum += r.loss;
        correct += Number(r.correct);
        p.chosen.forEach((row, t) => (dlp[row] += r.gradW[t] / loss.pairs.length));
        p.rejected.forEach((row, t) => (dlp[row] += r.gradL[t] / loss.pairs.length));
      }
      return { loss: sum / loss.pairs.length, accuracy: correct / loss.pairs.length, dlp };
    }
    case 'steps': {
      let sum = 0;
      let right = 0;
      let steps = 0;
      for (const item of loss.items) {
        const { q, weights } = prefixSoftminQ(
          at(item.rows),
          item.ends.map((end) => ({ start: 0, end })),
          loss.readout,
        );
        let dq: number[];
        if (loss.loss === 'pqm') {
          sum += pqmTrajectoryLoss(q, item.labels, { zeta: loss.zeta }).loss;
          dq = pqmTrajectoryGrad(q, item.labels, { zeta: loss.zeta });
        } else {
          sum += q.reduce((s, z, k) => s - (item.labels[k] === 1 ? logSigmoid(z) : logSigmoid(-z)), 0) / q.length;
          dq = q.map((z, k) => (sigmoid(z) - item.labels[k]) / q.length);
        }
        q.forEach((v, k) => (right += Number(v >= 0 === (item.labels[k] === 1))));
        steps += q.length;
        dq.forEach((g, k) => weights[k].forEach((w, i) => (dlp[item.rows[i]] += (g * w) / loss.items.length)));
      }
      return { loss: sum / loss.items.length, accuracy: right / steps, dlp };
    }
    case 'orm': {
      let sum = 0;
      let correct = 0;
      for (const p of loss.pairs) {
        const w = softmin(at(p.chosen), loss.temperature);
        const l = softmin(at(p.rejected), loss.temperature);
        const margin = w.value - l.value;
        sum += ormPairLoss(w.value, l.value);
        correct += Number(margin > 0);
        const g = -sigmoid(-margin) / loss.pairs.length;
        p.chosen.forEach((row, i) => (dlp[row] += g * w.weights[i]));
        p.rejected.forEach((row, i) => (dlp[row] -= g * l.weights[i]));
      }
      return { loss: sum / loss.pairs.length, accuracy: correct / loss.pairs.length, dlp };
    }
    case 'dpo': {
      let sum = 0;
      let correct = 0;
      const total = (rows: number[]) => rows.reduce((s, r) => s + lp[r], 0);
      for (const p of loss.pairs) {
        const u = loss.beta * (total(p.chosen) - p.refChosen - (total(p.rejected) - p.refRejected));
        sum -= logSigmoid(u);
        correct += Number(u > 0);
        const g = (-sigmoid(-u) * loss.beta) / loss.pairs.length;
        p.chosen.forEach((row) => (dlp[row] += g));
        p.rejected.forEach((row) => (dlp[row] -= g));
      }
      return { loss: sum / loss.pairs.length, accuracy: correct / loss.pairs.length, dlp };
    }
  }
}

/** Computes the objective on `out` ([tokens, width]) and writes its gradient into `dOut`. */
export function applyObjective(objective: Objective, out: Vec, dOut: Vec, width: number, tokens: number): LossResult {
  dOut.fill(0, 0, tokens * width);
  switch (objective.kind) {
    case 'lm': {
      const { targets, weights } = objective;
      let count = 0;
      for (let r = 0; r < tokens; r++) if (targets[r] >= 0) count++;
      let loss = 0;
      let hits = 0;
      for (let r = 0; r < tokens; r++) {
        const target = targets[r];
        if (target < 0) continue;
        const w = weights ? weights[r] : 1;
        const o = r * width;
        let max = -Infinity;
        let argmax = 0;
        for (let v = 0; v < width; v++) if (out[o + v] > max) [max, argmax] = [out[o + v], v];
        let sum = 0;
        for (let v = 0; v < width; v++) sum += Math.exp(out[o + v] - max);
        loss += w * (Math.log(sum) + max - out[o + target]);
        if (argmax === target) hits++;
        for (let v = 0; v < width; v++) dOut[o + v] = (w * Math.exp(out[o + v] - max)) / sum / count;
        dOut[o + target] -= w / count;
      }
      return { loss: loss / count, accuracy: hits / count };
    }
    case 'qrm': {
      const { pairs, beta, gamma } = objective;
      let loss = 0;
      let correct = 0;
      for (const { chosen, rejected } of pairs) {
        const r = qrmPairLoss(rows(out, chosen), rows(out, rejected), { beta, gamma });
        loss += r.loss;
        if (r.correct) correct++;
        r.gradW.forEach((g, t) => (dOut[chosen.start + t] = g / pairs.length));
        r.gradL.forEach((g, t) => (dOut[rejected.start + t] = g / pairs.length));
      }
      return { loss: loss / pairs.length, accuracy: correct / pairs.length };
    }
    case 'pqm': {
      const { trajectories, zeta } = objective;
      let loss = 0;
      let right = 0;
      let steps = 0;
      for (const { rows: tagRows, labels } of trajectories) {
        const q = tagRows.map((r) => out[r]);
        loss += pqmTrajectoryLoss(q, labels, { zeta }).loss;
        pqmTrajectoryGrad(q, labels, { zeta }).forEach((g, k) => (dOut[tagRows[k]] += g / trajectories.length));
        q.forEach((v, k) => (right += Number(v >= 0 === (labels[k] === 1))));
        steps += q.length;
      }
      return { loss: loss / trajectories.length, accuracy: right / steps };
    }
    case 'orm': {
      const { pairs } = objective;
      let loss = 0;
      let correct = 0;
      for (const { chosen, rejected } of pairs) {
        const margin = out[chosen] - out[rejected];
        loss += ormPairLoss(out[chosen], out[rejected]);
        if (margin > 0) correct++;
        const g = -sigmoid(-margin) / pairs.length;
        dOut[chosen] += g;
        dOut[rejected] -= g;
      }
      return { loss: loss / pairs.length, accuracy: correct / pairs.length };
    }
    case 'readout': {
      const { targets } = objective;
      const lp = logphiRows(targets, out, width, tokens);
      const r = readoutLoss(objective.loss, lp);
      // ∂log φ/∂ℓ_v = 1[v = target] − softmax_v.
      for (let row = 0; row < tokens; row++) {
        const g = r.dlp[row];
        if (g === 0) continue;
        const o = row * width;
        const shift = lp[row] - out[o + targets[row]];
        for (let v = 0; v < width; v++) dOut[o + v] = -g * Math.exp(out[o + v] + shift);
        dOut[o + targets[row]] += g;
      }
      return { loss: r.loss, accuracy: r.accuracy };
    }
    case 'bce': {
      const { items } = objective;
      let loss = 0;
      let right = 0;
      for (const { row, label } of items) {
        const z = out[row];
        loss -= label === 1 ? logSigmoid(z) : logSigmoid(-z);
        if (z >= 0 === (label === 1)) right++;
        dOut[row] += (sigmoid(z) - label) / items.length;
      }
      return { loss: loss / items.length, accuracy: right / items.length };
    }
  }
}
