/**
 * Lesson 7: short Lab runs from the same checkpoint, outcome-only against Q-RM token credit, over several seeds,
 * drawn as they train; the check compares the means against their spread.
 */
import { useState } from 'react';
import { atCommonUpdate, higherOverSeeds, seedSpread } from '../../teach/lessonMath';
import type { Lesson } from '../../teach/lessons';
import { REWARD_NAMES, training, useLab, type LabRun, type LabSettings } from '../../state/lab';
import { AccuracyCurves } from '../charts/AccuracyCurves';
import { NumberField } from '../NumberField';
import { CheckQuestion } from './CheckQuestion';

/** Short enough for a class: a few minutes on a laptop for every run together. */
export const LESSON_RUNS: Omit<LabSettings, 'seed' | 'seeds'> = {
  rewards: ['qrm', 'outcome'],
  updates: 6,
  problems: 4,
  samples: 4,
  heldOut: 32,
};
/** Seeds per reward by default: one seed's answer flips with the seed; three give a mean and a spread. */
export const LESSON_SEEDS = 3;

const curveOf = (run: LabRun) => run.curve.map((p) => p.heldOutAccuracy);

export function LabWidget({ lesson, showCheck }: { lesson: Lesson; showCheck: boolean }) {
  const runs = useLab((s) => s.runs);
  const startFor = useLab((s) => s.startFor);
  const [seed, setSeed] = useState(1);
  const [seeds, setSeeds] = useState(LESSON_SEEDS);
  const [refused, setRefused] = useState(false);
  // The lesson's latest start: the runs it made together (one stamp in their ids).
  const mine = runs.filter((r) => r.origin === 'lesson');
  const stamp = mine.at(-1)?.id.split('-').at(-1);
  const batch = mine.filter((r) => r.id.endsWith(`-${stamp}`));
  const of = (reward: string) => batch.filter((r) => r.options.reward === reward);
  const [qrm, outcome] = [of('qrm'), of('outcome')];
  const busy = training(batch) > 0 || batch.some((r) => r.status === 'queued');

  const { update, values } = atCommonUpdate(qrm.map(curveOf), outcome.map(curveOf));
  const check = higherOverSeeds(values[0], values[1]);
  const summary = (reward: string, v: number[]) => {
    const { mean, sd, n } = seedSpread(v);
    return (
      <p key={reward} data-testid="lesson-seeds" data-reward={reward} data-mean={mean} data-sd={sd}>
        {REWARD_NAMES[reward as LabRun['options']['reward']]}: mean held-out accuracy {mean.toFixed(3)} ± {sd.toFixed(3)} (sd over {n} seed
        {n === 1 ? '' : 's'}) after update {update}
      </p>
    );
  };
  const why =
    update < 0
      ? lesson.check.why
      : `${lesson.check.why} Here, after update ${update}: the difference of the means is ${check.diff.toFixed(3)} and the spread (two standard errors of that difference) is ${check.spread.toFixed(3)}, so the difference is ${check.answer === 2 ? 'within' : 'larger than'} the spread.`;
  return (
    <div className="lesson-widget" data-testid="lesson-widget">
      <div className="panel-row">
        <NumberField
          label="First seed"
          value={seed}
          rule={{ min: 1, max: 1_000_000, integer: true }}
          testId="lesson-seed"
          onValid={setSeed}
        />
        <NumberField label="Seeds" value={seeds} rule={{ min: 1, max: 5, integer: true }} testId="lesson-seeds-count" onValid={setSeeds} />
        <button
          type="button"
          data-testid="lesson-train"
          disabled={busy}
          onClick={() => setRefused(startFor('lesson', { ...LESSON_RUNS, seed, seeds }).length === 0)}
        >
          {batch.length ? 'Train them again' : 'Train them'}
        </button>
        {refused && (
          <span className="field-error" role="alert">
            The Lab has too many runs waiting; cancel some in the Lab view, then try again.
          </span>
        )}
      </div>
      {batch.length === 0 ? (
        <p className="hint">
          Press “Train them” to start {2 * seeds} runs, each reward with {seeds} seed{seeds === 1 ? '' : 's'}: {LESSON_RUNS.updates} updates
          of {LESSON_RUNS.problems} problems × {LESSON_RUNS.samples} answers, {LESSON_RUNS.heldOut} held-out problems after each. They also
          appear in the Lab view.
        </p>
      ) : (
        <>
          <AccuracyCurves
            runs={batch}
            name={(r) => `${REWARD_NAMES[r.options.reward]}, seed ${r.options.seed}`}
            label="Held-out accuracy against update for the lesson runs"
            height={200}
          />
          {batch.map((r) => (
            <p
              key={r.id}
              data-testid="lesson-run"
              data-reward={r.options.reward}
              data-status={r.status}
              data-accuracy={r.curve.at(-1)?.heldOutAccuracy}
            >
              {REWARD_NAMES[r.options.reward]}, seed {r.options.seed}:{' '}
              {r.curve.length
                ? `held-out accuracy ${r.curve[r.curve.length - 1].heldOutAccuracy.toFixed(3)} after update ${r.curve.length - 1} of ${r.options.updates}`
                : r.status === 'queued'
                  ? 'waiting for a place'
                  : 'measuring the starting checkpoint'}
              {r.status === 'done' ? ' (finished)' : r.status === 'running' || r.status === 'queued' ? '' : ` (${r.status})`}
            </p>
          ))}
          {update >= 0 && [summary('qrm', values[0]), summary('outcome', values[1])]}
        </>
      )}
      {showCheck && <CheckQuestion lessonId={lesson.id} question={{ ...lesson.check, answer: check.answer, why }} />}
    </div>
  );
}
