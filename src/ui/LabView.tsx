/**
 * The Lab: RL from the policy's early checkpoint with different kinds of credit, side by side. Each run trains in its
 * own worker; its held-out accuracy grows live on one chart, and its latest sample shows the weight its reward gave
 * each token.
 */
import { memo, useMemo } from 'react';
import { RL_REWARDS } from '../learn/rlRewards';
import { curvesSvg } from '../io/curvesSvg';
import { curvesCsv, MAX_LAB_QUEUE, MAX_LAB_RUNS, REWARD_NAMES, training, useLab, type LabRun } from '../state/lab';
import { useDisplay } from '../state/display';
import { AccuracyCurves, accuracySeries, runColor } from './charts/AccuracyCurves';
import { divergingScale, formatValue, textColorOn } from './colorScale';
import { download } from './download';
import { svgToPng } from './figureExport';
import { NumberField } from './NumberField';
import { RuleHelp } from './RuleHelp';
import { atCommonUpdate, seedSpread } from '../teach/lessonMath';
import { RewardTrainingPanel } from './RewardTrainingPanel';
import { useValidity } from './useValidity';

const runName = (r: LabRun) => `${REWARD_NAMES[r.options.reward]}, seed ${r.options.seed}`;

const STATUS_WORDS: Record<LabRun['status'], string> = {
  queued: `waiting: at most ${MAX_LAB_RUNS} train at once`,
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
  const waiting = runs.filter((r) => r.status === 'queued').length;
  const asked = settings.rewards.length * settings.seeds;
  const room = MAX_LAB_QUEUE - waiting;
  const toggle = useLab((s) => s.toggleReward);
  const ok = valid && asked > 0 && asked <= room;
  const field = (key: 'updates' | 'seed' | 'seeds' | 'problems' | 'samples' | 'heldOut', label: string, min: number, max: number) => (
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
        {field('seeds', 'Seeds (a mean and a spread)', 1, 8)}
        {field('problems', 'Problems per update', 1, 32)}
        {field('samples', 'Samples per problem', 2, 16)}
        {field('heldOut', 'Held-out problems', 1, 256)}
      </div>
      <button type="submit" data-testid="lab-start" disabled={!ok}>
        Run {asked === 1 ? 'it' : `all ${asked}`}
      </button>
      {asked > room && (
        <p className="field-error" role="alert" data-testid="lab-too-many">
          {waiting} runs are waiting; at most {MAX_LAB_QUEUE} may wait. Pick fewer rewards or seeds, or wait for some to finish.
        </p>
      )}
      <p className="hint">
        At most {MAX_LAB_RUNS} runs train at once ({training(runs)} now); the others wait their turn.
      </p>
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

/**
 * Each reward's runs over seeds (same settings otherwise): the mean held-out accuracy and its spread (sample standard
 * deviation) at the last update all of them reached, so one lucky seed is not read as a finding.
 */
function SeedTable({ runs }: { runs: LabRun[] }) {
  const groups = useMemo(() => {
    const by = new Map<string, LabRun[]>();
    for (const r of runs) {
      const key = JSON.stringify({ ...r.options, seed: 0 });
      by.set(key, [...(by.get(key) ?? []), r]);
    }
    return [...by.values()].filter((g) => g.length > 1 && g.some((r) => r.curve.length));
  }, [runs]);
  if (!groups.length) return null;
  return (
    <table className="metrics-table" data-testid="lab-seeds">
      <caption>Over seeds: held-out accuracy at the last update every run of the row has reached</caption>
      <thead>
        <tr>
          <th scope="col">credit</th>
          <th scope="col">seeds</th>
          <th scope="col">after update</th>
          <th scope="col">mean</th>
          <th scope="col">spread (sd)</th>
          <th scope="col">each seed</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => {
          const { update, values } = atCommonUpdate(g.map((r) => r.curve.map((p) => p.heldOutAccuracy)));
          const { mean, sd } = seedSpread(values[0]);
          return (
            <tr key={g[0].id} data-testid="lab-seed-row" data-reward={g[0].options.reward} data-mean={mean} data-sd={sd}>
              <th scope="row">{REWARD_NAMES[g[0].options.reward]}</th>
              <td>{g.map((r) => r.options.seed).join(', ')}</td>
              <td>{update < 0 ? '–' : update}</td>
              <td>{Number.isFinite(mean) ? mean.toFixed(3) : '–'}</td>
              <td>{Number.isFinite(mean) ? sd.toFixed(3) : '–'}</td>
              <td>{values[0].map((v) => v.toFixed(3)).join(', ')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

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
          <SeedTable runs={runs} />
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
      <RuleHelp />
    </div>
  );
}
