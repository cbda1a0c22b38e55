/**
 * The Lab's second panel: train a reward model from the policy and watch the credit on one trace with a known mistake
 * move while it learns, next to its held-out pair accuracy.
 */
import { memo } from 'react';
import { RM_OBJECTIVES, rmFixedTrace, type RmObjective } from '../learn/rmRun';
import { useRewardTraining } from '../state/rewardTraining';
import { LinePlot } from './charts/Plot';
import { SERIES_COLORS } from './charts/chartData';
import { Heatmap } from './Heatmap';
import { NumberField } from './NumberField';
import { useValidity } from './useValidity';

const OBJECTIVE_NAMES: Record<RmObjective, string> = {
  qrm: 'Q-RM pair loss (token credit)',
  orm: 'ORM, Bradley–Terry (one score per answer)',
  pqm: 'PQM comparative loss (step Q-values)',
  bce: 'Step BCE (classification PRM)',
  dpo: 'DPO (implicit PRM, against the starting policy)',
};

const fixed = rmFixedTrace();

/** Memoised: it has no props, so the Lab's run updates do not redraw its heatmap. */
export const RewardTrainingPanel = memo(function RewardTrainingPanel() {
  const { settings, job, setSettings, start, pause, resume, cancel } = useRewardTraining();
  const { ok: valid, report: track } = useValidity();
  const live = job?.status === 'running' || job?.status === 'paused';
  const points = job?.points ?? [];
  const last = points.at(-1);
  return (
    <section className="lab-rm" data-testid="rm-panel" aria-labelledby="rm-title">
      <h3 id="rm-title">Train a reward model</h3>
      <p className="hint">
        Starts from the policy (arith-policy) and learns from pairs: a gold solution against the same problem with one seeded mistake, fresh
        problems every step. Every few steps it scores the trace below, whose wavy line marks the known mistake, and {settings.heldOutPairs}{' '}
        held-out pairs.
      </p>
      <form
        className="lab-numbers"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid && !live) start();
        }}
      >
        <label>
          Loss{' '}
          <select
            data-testid="rm-objective"
            value={settings.objective}
            onChange={(e) => setSettings({ objective: e.target.value as RmObjective })}
          >
            {(Object.keys(RM_OBJECTIVES) as RmObjective[]).map((o) => (
              <option key={o} value={o}>
                {OBJECTIVE_NAMES[o]}
              </option>
            ))}
          </select>
        </label>
        {(
          [
            ['steps', 'Steps'],
            ['every', 'Score every'],
            ['seed', 'Seed'],
          ] as const
        ).map(([key, label]) => (
          <NumberField
            key={key}
            label={label}
            value={settings[key]}
            rule={{ min: 1, max: key === 'seed' ? 1_000_000 : 1000, integer: true }}
            testId={`rm-${key}`}
            onValid={(v) => setSettings({ [key]: v })}
            onValidity={track(key)}
          />
        ))}
        <button type="submit" data-testid="rm-train" disabled={!valid || live}>
          Train
        </button>
        {job?.status === 'running' && (
          <button type="button" data-testid="rm-pause" onClick={pause}>
            Pause
          </button>
        )}
        {job?.status === 'paused' && (
          <button type="button" data-testid="rm-resume" onClick={resume}>
            Resume
          </button>
        )}
        {live && (
          <button type="button" data-testid="rm-cancel" onClick={cancel}>
            Cancel
          </button>
        )}
      </form>
      {job?.error && (
        <p className="field-error" role="alert">
          {job.error.message} {job.error.hint}
        </p>
      )}
      {last && (
        <>
          <p data-testid="rm-progress" data-step={last.step} data-status={job?.status}>
            After step {last.step} of {job?.options.steps}: held-out pair accuracy {last.pairAccuracy.toFixed(3)}
            {job?.status === 'done' ? ' (finished)' : job?.status === 'running' ? '' : ` (${job?.status})`}
          </p>
          <div data-testid="rm-heatmap">
            <Heatmap run={last.run} title={`The fixed trace, scored after step ${last.step}`} trace={fixed} />
          </div>
          <LinePlot
            label="Held-out pair accuracy against training step"
            series={[
              { name: 'held-out pair accuracy', color: SERIES_COLORS[0], points: points.map((p) => ({ x: p.step, y: p.pairAccuracy })) },
            ]}
            step={false}
            yDomain={[0, 1]}
            height={180}
            xLabel="training step"
            xTitle={(s) => `after step ${s}`}
          />
        </>
      )}
    </section>
  );
});
