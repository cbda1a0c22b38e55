/** How far two runs of one model on one trace disagree: the WebGPU-versus-WASM parity check. */
import type { ScoreRun } from '../methods/scoreRun';

export interface RunDifference {
  /** The largest |a − b| over every raw output and token score. */
  maxAbsDiff: number;
  /** Where it was: an output name and index. */
  where: string;
  compared: number;
}

/** The largest gap between two runs of one model on one trace (design.md §5, the parity check). */
export function runDifference(a: ScoreRun, b: ScoreRun): RunDifference {
  const pairs: [string, readonly (number | null)[], readonly (number | null)[]][] = [['tokenScores', a.tokenScores, b.tokenScores]];
  for (const key of Object.keys(a.raw)) if (b.raw[key]) pairs.push([key, a.raw[key], b.raw[key]]);
  let worst: RunDifference = { maxAbsDiff: 0, where: 'nowhere', compared: 0 };
  for (const [name, x, y] of pairs) {
    if (x.length !== y.length)
      return {
        maxAbsDiff: Infinity,
        where: `${name} has ${x.length} values on one backend and ${y.length} on the other`,
        compared: worst.compared,
      };
    x.forEach((v, i) => {
      const w = y[i];
      if (v === null || w === null) {
        if (v !== w) worst = { ...worst, maxAbsDiff: Infinity, where: `${name}[${i}] is missing on one backend` };
        return;
      }
      const d = Math.abs(v - w);
      worst.compared++;
      if (d > worst.maxAbsDiff || Number.isNaN(d)) worst = { ...worst, maxAbsDiff: Number.isNaN(d) ? Infinity : d, where: `${name}[${i}]` };
    });
  }
  return worst;
}
