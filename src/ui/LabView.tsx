/**
 * The Lab: RL from the policy's early checkpoint with different kinds of credit, side by side. Each run trains in its
 * own worker; its held-out accuracy grows live on one chart, and its latest sample shows the weight its reward gave
 * each token.
 */
import { memo, useMemo } from 'react';
import { RL_REWARDS } from '../learn/rlRewards';
import { curvesSvg } from '../io/curvesSvg';
import { curvesCsv, MAX_LAB_RUNS, REWARD_NAMES, training, useLab, type LabRun } from '../state/lab';
import { useDisplay } from '../state/display';
import { AccuracyCurves, accuracySeries, runColor } from './charts/AccuracyCurves';
import { divergingScale, formatValue, textColorOn } from './colorScale';
import { download } from './download';
import { svgToPng } from './figureExport';
import { NumberField } from './NumberField';
import { RewardTrainingPanel } from './RewardTrainingPanel';
import { useValidity } from './useValidity';

const runName = (r: LabRun) => `${REWARD_NAMES[r.options.reward]}, seed ${r.options.seed}`;

const STATUS_WORDS: Record<LabRun['status'], string> = {
  running: 'training',
  paused: 'paused',
  done: 'finished',
  cancelled: 'cancelled',
  error: 'stopped by an error',
};

function LabForm() {
  const settings = useLab((s) => s.settings);
  const setSettings = useLab((s) => s.setSettings);
  const runs = useLab((s) => s.runs);
  const start = useLab((s) => s.start);
  const { ok: valid, report } = useValidity();
  const busy = training(runs);
  const room = MAX_LAB_RUNS - busy;
  const toggle = useLab((s) => s.toggleReward);
  const ok = valid && settings.rewards.length > 0 && settings.rewards.length <= room;
  const field = (key: 'updates' | 'seed' | 'problems' | 'samples' | 'heldOut', label: string, min: number, max: number) => (
    <NumberField
      label={label}
      value={settings[key]}
      rule={{ min, max, integer: true }}
      testId={`lab-${key}`}
      onValid={(v) => setSettings({ [key]: v })}
      onValidity={report(key)}
    />
  );
  return (
    <form
      className="lab-form"
      data-testid="lab-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) start();
      }}
    >
      <fieldset>
        <legend>Credit to learn from (up to {MAX_LAB_RUNS} runs at once)</legend>
        {RL_REWARDS.map((r) => (
          <label key={r} className="lab-reward">
            <input
              type="checkbox"
              data-testid={`lab-reward-${r}`}
              checked={settings.rewards.includes(r)}
              onChange={(e) => toggle(r, e.target.checked)}
            />{' '}
            {REWARD_NAMES[r]}
          </label>
        ))}
      </fieldset>
      <div className="lab-numbers">
        {field('updates', 'Updates', 1, 200)}
        {field('seed', 'Seed', 1, 1_000_000)}
        {field('problems', 'Problems per update', 1, 32)}
        {field('samples', 'Samples per problem', 2, 16)}
        {field('heldOut', 'Held-out problems', 1, 256)}
      </div>
      <button type="submit" data-testid="lab-start" disabled={!ok}>
        Run {settings.rewards.length === 1 ? 'it' : `all ${settings.rewards.length}`}
      </button>
      {settings.rewards.length > room && (
        <p className="field-error" role="alert" data-testid="lab-too-many">
          {busy} runs are training; at most {MAX_LAB_RUNS} train at once. Pick {room || 'none'} or fewer, or wait for one to finish.
        </p>
      )}
      <p className="hint">
        Every run starts from the policy’s early checkpoint (arith-policy-ref), samples {settings.samples} answers to each of{' '}
        {settings.problems} problems per update, weights every token with its credit, and takes one policy-gradient step. After every update
        it answers {settings.heldOut} held-out problems greedily. Runs with the same seed see the same problems.
      </p>
    </form>
  );
}

/** The completion's tokens coloured by the weight the reward gave them (blue: pushed up, red: pushed down). */
function SampleStrip({ run }: { run: LabRun }) {
  const dark = useDisplay((s) => s.dark);
  const sample = run.sample;
  const scale = useMemo(() => divergingScale(sample?.weights ?? [0], 'RdBu', dark), [sample, dark]);
  if (!sample) return <p className="hint">The first sample shows here after the first update.</p>;
  return (
    <figure className="lab-sample" data-testid="lab-sample" data-update={sample.update}>
      <figcaption>
        Update {sample.update}: one sample to “{sample.trace.problem}”, answered {sample.trace.finalCorrect ? 'right' : 'wrong'}; each token
        coloured by the weight its credit gave it (red pushed down, blue pushed up).
      </figcaption>
      <div className="lab-tokens">
        {sample.tokens.map((t, i) => {
          const fill = scale.color(sample.weights[i]);
          return (
            <span
              key={i}
              className="token"
              data-testid="lab-token"
              data-weight={sample.weights[i]}
              style={{ background: fill, color: textColorOn(fill) }}
              title={`token ${i + 1}: weight ${formatValue(sample.weights[i])}`}
            >
              {t === '' ? '⏎end' : t === '\n' ? '↵' : t}
            </span>
          );
        })}
      </div>
    </figure>
  );
}

// A store update replaces only the run it changed, so the other cards keep their render (a card holds a sample's tokens).
const RunCard = memo(function RunCard({ run, color }: { run: LabRun; color: string }) {
  const { pause, resume, cancel, remove } = useLab.getState();
  const last = run.curve.at(-1);
  const live = run.status === 'running' || run.status === 'paused';
  return (
    <article className="lab-run" data-testid="lab-run" data-reward={run.options.reward} data-status={run.status}>
      <h3>
        <span className="lab-swatch" style={{ background: color }} aria-hidden="true" /> {runName(run)}
      </h3>
      <p data-testid="lab-progress">
        {STATUS_WORDS[run.status]}
        {last
          ? `: held-out accuracy ${last.heldOutAccuracy.toFixed(3)} after update ${last.update} of ${run.options.updates}`
          : ': measuring the starting checkpoint'}
      </p>
      {run.error && (
        <p className="field-error" role="alert">
          {run.error.message} {run.error.hint}
        </p>
      )}
      <div className="lab-buttons">
        {run.status === 'running' && (
          <button type="button" data-testid="lab-pause" onClick={() => pause(run.id)}>
            Pause
          </button>
        )}
        {(run.status === 'paused' || run.status === 'error') && (
          <button type="button" data-testid="lab-resume" onClick={() => resume(run.id)}>
            {run.status === 'paused' ? 'Resume' : 'Go on'}
          </button>
        )}
        {live && (
          <button type="button" data-testid="lab-cancel" onClick={() => cancel(run.id)}>
            Cancel
          </button>
        )}
        {!live && (
          <button type="button" data-testid="lab-remove" onClick={() => remove(run.id)}>
            Remove
          </button>
        )}
      </div>
      <SampleStrip run={run} />
    </article>
  );
});

export function LabView() {
  const runs = useLab((s) => s.runs);
  const exportPng = async () => {
    const stamp = `CreditLens Lab; exported ${new Date().toISOString()}`;
    const svg = curvesSvg(accuracySeries(runs, runName), {
      title: 'Held-out greedy accuracy after each update',
      xLabel: 'update',
      yLabel: 'accuracy',
      stamp,
    });
    download('creditlens-lab-curves.png', 'image/png', await svgToPng(svg, stamp));
  };
  return (
    <div className="lab" data-testid="lab">
      <p className="lead">
        Does finer credit learn faster? Train the same policy with different rewards and watch its held-out accuracy. Outcome-only GRPO
        gives every token of an answer the same weight; Q-RM, PQM and CAPO say which tokens or steps earned it.
      </p>
      <LabForm />
      {runs.length > 0 && (
        <section className="lab-results" aria-label="Runs">
          <AccuracyCurves runs={runs} name={runName} label="Held-out accuracy against update, one line per run" height={240} />
          <div className="lab-buttons">
            <button type="button" data-testid="lab-csv" onClick={() => download('creditlens-lab-curves.csv', 'text/csv', curvesCsv(runs))}>
              Export CSV
            </button>
            <button type="button" data-testid="lab-png" onClick={() => void exportPng()}>
              Export PNG
            </button>
          </div>
          <div className="lab-runs">
            {runs.map((r, i) => (
              <RunCard key={r.id} run={r} color={runColor(i)} />
            ))}
          </div>
        </section>
      )}
      <RewardTrainingPanel />
    </div>
  );
}
