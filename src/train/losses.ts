/**
 * Training objectives on the model's output rows. Each returns the loss and writes ∂L/∂out into dOut. The reward
 * losses are the ones in src/methods (values and, where they give one, gradients); this file only routes rows.
 */
import { ormPairLoss } from '../methods/orm';
import { pqmTrajectoryGrad, pqmTrajectoryLoss } from '../methods/pqm';
import { qrmPairLoss } from '../methods/qrm';
import { logSigmoid, sigmoid } from '../methods/numeric';
import type { Sequence } from './gpt';
import type { Vec } from './kernels';

export type Objective =
  /** Next-token cross-entropy, mean over rows whose target is ≥ 0 (the target of row t is the token at t + 1). */
  | { kind: 'lm'; targets: Int32Array }
  /** Q-RM pair loss on the mean Z of each response (methods.md §2.4). */
  | { kind: 'qrm'; pairs: { chosen: Sequence; rejected: Sequence }[]; beta: number; gamma: number }
  /** PQM comparative loss on the rows of the step tags (methods.md §3.4). */
  | { kind: 'pqm'; trajectories: { rows: number[]; labels: (0 | 1)[] }[]; zeta: number }
  /** ORM Bradley–Terry loss on the last response row of each side (methods.md §5.1). */
  | { kind: 'orm'; pairs: { chosen: number; rejected: number }[] }
  /** Step BCE on σ(z) at the step tags (classification PRM, methods.md §5.2). */
  | { kind: 'bce'; items: { row: number; label: 0 | 1 }[] };

export interface LossResult {
  loss: number;
  /** The objective's own accuracy: next-token, pair or step accuracy. */
  accuracy: number;
}

function rows(out: Vec, s: Sequence): number[] {
  return Array.from(out.subarray(s.start, s.start + s.length));
}

/** Computes the objective on `out` ([tokens, width]) and writes its gradient into `dOut`. */
export function applyObjective(objective: Objective, out: Vec, dOut: Vec, width: number, tokens: number): LossResult {
  dOut.fill(0, 0, tokens * width);
  switch (objective.kind) {
    case 'lm': {
      const { targets } = objective;
      let count = 0;
      for (let r = 0; r < tokens; r++) if (targets[r] >= 0) count++;
      let loss = 0;
      let hits = 0;
      for (let r = 0; r < tokens; r++) {
        const target = targets[r];
        if (target < 0) continue;
        const o = r * width;
        let max = -Infinity;
        let argmax = 0;
        for (let v = 0; v < width; v++) if (out[o + v] > max) [max, argmax] = [out[o + v], v];
        let sum = 0;
        for (let v = 0; v < width; v++) sum += Math.exp(out[o + v] - max);
        loss += Math.log(sum) + max - out[o + target];
        if (argmax === target) hits++;
        for (let v = 0; v < width; v++) dOut[o + v] = Math.exp(out[o + v] - max) / sum / count;
        dOut[o + target] -= 1 / count;
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
