import { memo, useEffect, useMemo, useState } from 'react';
import { FORMATS, type DatasetFormat } from '../domain/dataset';
import { FORMAT_SPECS } from '../io/importers';
import { metricsCsv, outcomesCsv } from '../io/datasetExport';
import { liveModels, steadyRate, useDatasets, useResultRows } from '../state/datasets';
import { useDisplay } from '../state/display';
import { pickableModels, useWorkbench } from '../state/workbench';
import { ORACLE } from '../state/capoSettings';
import { DatasetResults } from './DatasetResults';
import { download } from './download';
import { NumberField } from './NumberField';
import { TRUNCATIONS, type Truncation } from '../domain/truncation';
import { datasetTraces } from '../eval/datasetMetrics';

const TRUNCATION_TEXT: Record<Truncation, string> = {
  'steps-that-fit': 'score the steps that fit (shorten the problem from its start if needed)',
  skip: 'skip traces that do not fit',
};

const seconds = (ms: number) =>
  ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

/** Datasets: import a file, score it with several models in their workers, and read the metrics. */
export const DatasetsView = memo(function DatasetsView() {
  const d = useDatasets();
  // The oracle critic has no worker to batch on; it needs labelled arithmetic anyway.
  const allModels = useWorkbench((s) => s.models);
  const showTest = useWorkbench((s) => s.showTestModels);
  const inRun = useMemo(() => liveModels(d.run), [d.run]);
  const models = useMemo(
    () =>
      pickableModels(
        allModels.filter((m) => (m.role === 'reward' || m.method === 'capo-critic') && m.id !== ORACLE),
        inRun,
        showTest,
      ),
    [allModels, inRun, showTest],
  );
  const selected = useWorkbench((s) => s.selected);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<DatasetFormat | ''>('');
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [limit, setLimit] = useState(50);
  const [limitOk, setLimitOk] = useState(true);
  const [truncation, setTruncation] = useState<Truncation>('steps-that-fit');
  const [scoresMessage, setScoresMessage] = useState('');
  const restore = d.restore;
  useEffect(() => void restore(), [restore]);
  const picked = chosen ?? (inRun.length ? inRun : selected.filter((id) => models.some((m) => m.id === id)));
  const run = d.run;
  const running = run?.status === 'running';

  const rows = useResultRows();
  const runLimit = run?.limit;
  const runItems = useMemo(() => d.dataset?.items.slice(0, runLimit) ?? [], [d.dataset, runLimit]);
  const runTraces = useMemo(() => datasetTraces(runItems), [runItems]);

  const rate = run && run.activeMs > 0 ? run.done / (run.activeMs / 1000) : 0;
  // The time left comes from the pace after the models loaded: counting the load made the first estimate 2.5× too long.
  const steady = run ? steadyRate(run) : null;
  return (
    <>
      <section className="panel" aria-labelledby="import-title">
        <h2 id="import-title">Import a dataset</h2>
        <p className="hint">
          ProcessBench, PRM800K, Math-Shepherd, TRL stepwise, Q-RM pairs or CreditLens JSONL (JSON array or JSON lines). The format is
          detected; choose it by hand if the guess is wrong. The file is read in this tab and never uploaded.
        </p>
        <div className="panel-row">
          <label>
            File{' '}
            <input
              type="file"
              data-testid="dataset-file"
              accept=".json,.jsonl,application/json"
              onChange={(e) => {
                const f = e.target.files?.[0];
                if (!f) return;
                setFile(f);
                void d.importFile(f, f.name, format || undefined);
              }}
            />
          </label>
          <label>
            Format{' '}
            <select
              data-testid="dataset-format"
              value={format}
              onChange={(e) => {
                const f = e.target.value as DatasetFormat | '';
                setFormat(f);
                if (file) void d.importFile(file, file.name, f || undefined);
              }}
            >
              <option value="">detect</option>
              {FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_SPECS[f].name}
                </option>
              ))}
            </select>
          </label>
        </div>
        {d.importing && (
          <p role="status" data-testid="dataset-importing">
            Reading {d.importing.name}: {d.importing.records.toLocaleString()} records so far…
          </p>
        )}
        {d.importError && (
          <p className="error" role="alert" data-testid="dataset-import-error">
            {d.importError}
            {d.dataset && ` Nothing was lost: the dataset below is still ${d.dataset.name}.`}
          </p>
        )}
        {d.dataset && (
          <div data-testid="dataset-summary" data-items={d.dataset.items.length} data-format={d.dataset.format}>
            <p>
              <strong>{d.dataset.name}</strong>: {d.dataset.items.length.toLocaleString()} items as {FORMAT_SPECS[d.dataset.format].name}
              {d.dataset.problemCount
                ? `; ${d.dataset.problemCount.toLocaleString()} ${d.dataset.problemCount === 1 ? 'line' : 'lines'} could not be read and ${d.dataset.problemCount === 1 ? 'was' : 'were'} left out:`
                : '; every line was read.'}
            </p>
            {d.dataset.problems.length > 0 && (
              <ul className="import-problems" data-testid="dataset-problems">
                {d.dataset.problems.slice(0, 20).map((p) => (
                  <li key={p.line}>
                    line {p.line}: {p.message}
                  </li>
                ))}
                {d.dataset.problemCount > 20 && <li>… and {(d.dataset.problemCount - 20).toLocaleString()} more</li>}
              </ul>
            )}
          </div>
        )}
      </section>

      {d.dataset && (
        <section className="panel" aria-labelledby="run-title">
          <h2 id="run-title">Score it</h2>
          <fieldset className="dataset-models" disabled={running}>
            <legend>Models</legend>
            {models.map((m) => (
              <label key={m.id}>
                <input
                  type="checkbox"
                  data-testid="dataset-model"
                  value={m.id}
                  checked={picked.includes(m.id)}
                  onChange={(e) => setChosen(e.target.checked ? [...picked, m.id] : picked.filter((x) => x !== m.id))}
                />{' '}
                {m.name}
              </label>
            ))}
          </fieldset>
          <div className="panel-row">
            <NumberField
              label="First"
              testId="dataset-limit"
              rule={{ min: 1, max: d.dataset.items.length, integer: true }}
              value={limit}
              onValid={setLimit}
              onValidity={setLimitOk}
              disabled={running}
            />{' '}
            <span>of {d.dataset.items.length} items</span>
            <label>
              Too long for a model{' '}
              <select
                value={truncation}
                onChange={(e) => setTruncation(e.target.value as Truncation)}
                disabled={running}
                data-testid="dataset-truncation"
              >
                {TRUNCATIONS.map((t) => (
                  <option key={t} value={t}>
                    {TRUNCATION_TEXT[t]}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              data-testid="dataset-start"
              disabled={running || !picked.length || !limitOk}
              onClick={() => void d.start(picked, limit, truncation)}
            >
              Score
            </button>
            <button type="button" data-testid="dataset-cancel" disabled={!running} onClick={d.cancel}>
              Cancel
            </button>
            <button
              type="button"
              data-testid="dataset-resume"
              disabled={running || run?.status !== 'paused'}
              onClick={() => void d.resume()}
            >
              Resume
            </button>
          </div>
          <label>
            Add scores computed elsewhere (JSONL, one line per trace and model, by <code>id</code>){' '}
            <input
              type="file"
              accept=".jsonl,.json,application/json"
              data-testid="dataset-scores"
              disabled={running}
              onChange={async (e) => {
                const f = e.target.files?.[0];
                if (!f) return;
                setScoresMessage(`Reading ${f.name}…`);
                try {
                  setScoresMessage(await d.addScores(f, f.name));
                } catch (err) {
                  setScoresMessage(`${f.name} could not be read: ${err instanceof Error ? err.message : String(err)}. Nothing changed.`);
                }
              }}
            />
          </label>
          {scoresMessage && (
            <p role="status" data-testid="dataset-scores-message">
              {scoresMessage}
            </p>
          )}
          {run && inRun.length > 0 && (
            <div
              className="batch-progress"
              data-testid="dataset-progress"
              data-status={run.status}
              data-done={run.done}
              data-total={run.total}
            >
              <progress max={run.total} value={run.done} aria-label="Traces scored" />{' '}
              <span role="status">
                {run.done} of {run.total} traces ({inRun.length} models × {inRun.length ? run.total / inRun.length : 0}) ·{' '}
                {rate > 0 ? `${rate.toFixed(1)} traces/s` : '–'}
                {running && (steady ? ` · about ${seconds(((run.total - run.done) / steady) * 1000)} left` : ' · time left: measuring')}
                {run.status === 'paused' ? ' · paused: Resume continues where it stopped' : ''}
                {run.status === 'done' ? ' · done' : ''}
              </span>
              {run.waiting && running && (
                <p className="error" data-testid="dataset-waiting" role="alert">
                  Waiting for the engine (asked again every few seconds; nothing is lost): {run.waiting}
                </p>
              )}
            </div>
          )}
        </section>
      )}

      {running && <p className="hint">The results appear when the run finishes or is cancelled.</p>}
      {d.dataset && run && rows.length > 0 && (
        <DatasetResults
          items={runItems}
          traces={runTraces}
          onOpen={(t) => {
            d.openInInspect(t);
            useDisplay.getState().set({ view: 'inspect' });
            // The trace opens at the top of the page, with its heatmap in view.
            window.scrollTo(0, 0);
          }}
          onExport={(what) => {
            const name = d.dataset?.name ?? 'dataset';
            if (what === 'outcomes')
              download(
                'creditlens-dataset-traces.csv',
                'text/csv',
                outcomesCsv(name, runItems, Object.fromEntries(rows.map((r) => [r.model, r.outcomes]))),
              );
            else if (what === 'metrics') download('creditlens-dataset-metrics.csv', 'text/csv', metricsCsv(name, rows));
            else
              download(
                'creditlens-dataset-run.json',
                'application/json',
                JSON.stringify(
                  {
                    dataset: name,
                    format: d.dataset?.format,
                    run: { ...run, outcomes: undefined },
                    metrics: rows.map(({ model, method, metrics }) => ({ model, method, metrics })),
                  },
                  null,
                  2,
                ),
              );
          }}
        />
      )}
    </>
  );
});
