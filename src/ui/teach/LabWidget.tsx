/** Lesson 7: two short Lab runs from the same checkpoint, outcome-only against Q-RM token credit, drawn as they train. */
import { useState } from 'react';
import { higherCurve } from '../../teach/lessonMath';
import type { Lesson } from '../../teach/lessons';
import { REWARD_NAMES, training, useLab, type LabRun, type LabSettings } from '../../state/lab';
import { AccuracyCurves } from '../charts/AccuracyCurves';
import { NumberField } from '../NumberField';
import { CheckQuestion } from './CheckQuestion';

/** Short enough for a class: about a few minutes on a laptop for both runs together. */
export const LESSON_RUNS: Omit<LabSettings, 'seed'> = { rewards: ['qrm', 'outcome'], updates: 6, problems: 4, samples: 4, heldOut: 32 };

const accuracies = (run: LabRun | undefined) => run?.curve.map((p) => p.heldOutAccuracy) ?? [];

export function LabWidget({ lesson, showCheck }: { lesson: Lesson; showCheck: boolean }) {
  const runs = useLab((s) => s.runs);
  const startFor = useLab((s) => s.startFor);
  const [seed, setSeed] = useState(1);
  const [refused, setRefused] = useState(false);
  const mine = runs.filter((r) => r.origin === 'lesson');
  const latest = (reward: string) => mine.filter((r) => r.options.reward === reward).at(-1);
  const qrm = latest('qrm');
  const outcome = latest('outcome');
  const pair = [qrm, outcome].filter((r): r is LabRun => r !== undefined);
  const busy = training(pair) > 0;

  const answer = higherCurve(accuracies(qrm), accuracies(outcome));
  return (
    <div className="lesson-widget" data-testid="lesson-widget">
      <div className="panel-row">
        <NumberField label="Seed" value={seed} rule={{ min: 1, max: 1_000_000, integer: true }} testId="lesson-seed" onValid={setSeed} />
        <button
          type="button"
          data-testid="lesson-train"
          disabled={busy}
          onClick={() => setRefused(startFor('lesson', { ...LESSON_RUNS, seed }).length === 0)}
        >
          {pair.length ? 'Train both again' : 'Train both'}
        </button>
        {refused && (
          <span className="field-error" role="alert">
            The Lab is already training {training(runs)} runs; cancel some in the Lab view, then try again.
          </span>
        )}
      </div>
      {pair.length === 0 ? (
        <p className="hint">
          Press “Train both” to start two runs of {LESSON_RUNS.updates} updates each: {LESSON_RUNS.problems} problems ×{' '}
          {LESSON_RUNS.samples} answers per update, {LESSON_RUNS.heldOut} held-out problems after each. They also appear in the Lab view.
        </p>
      ) : (
        <>
          <AccuracyCurves
            runs={pair}
            name={(r) => REWARD_NAMES[r.options.reward]}
            label="Held-out accuracy against update for the two lesson runs"
            height={200}
          />
          {pair.map((r) => (
            <p key={r.id} data-testid="lesson-run" data-reward={r.options.reward} data-status={r.status}>
              {REWARD_NAMES[r.options.reward]}:{' '}
              {r.curve.length
                ? `held-out accuracy ${r.curve[r.curve.length - 1].heldOutAccuracy.toFixed(3)} after update ${r.curve.length - 1} of ${r.options.updates}`
                : 'measuring the starting checkpoint'}
              {r.status === 'done' ? ' (finished)' : r.status === 'running' ? '' : ` (${r.status})`}
            </p>
          ))}
        </>
      )}
      {showCheck && <CheckQuestion lessonId={lesson.id} question={{ ...lesson.check, answer }} />}
    </div>
  );
}
