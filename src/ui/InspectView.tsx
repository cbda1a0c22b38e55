import { memo, useCallback } from 'react';
import { galleryMatch, useWorkbench } from '../state/workbench';
import { GALLERY } from '../state/gallery';
import { Controls } from './Controls';
import { Heatmap } from './Heatmap';
import { CapoPanel } from './CapoPanel';
import { GeneratePanel } from './GeneratePanel';
import { DatasetNav } from './DatasetNav';
import { ExportBar } from './ExportBar';
import { RunCurves } from './RunCurves';
import { RolloutGroup } from './RolloutGroup';
import { StepLabelsPanel } from './StepLabelsPanel';
import { RuleHelp } from './RuleHelp';
import { useScreenScales } from './useScreenScales';
import { DisplaySettings } from './DisplaySettings';
import { CreditCharts } from './charts/CreditCharts';
import { useDisplay } from '../state/display';
import { PALETTE_WORDS } from './colorScale';

/** Inspect: one trace, one heatmap row per model or method over its text, charts, sampling and CAPO. */
export const InspectView = memo(function InspectView() {
  const text = useWorkbench((s) => s.text);
  const setText = useWorkbench((s) => s.setText);
  const loadExample = useWorkbench((s) => s.loadExample);
  const problem = useWorkbench((s) => s.problem);
  const setProblem = useWorkbench((s) => s.setProblem);
  const runs = useWorkbench((s) => s.runs);
  const scales = useScreenScales(runs);
  const scoredText = useWorkbench((s) => s.scoredText);
  const scoredTrace = useWorkbench((s) => s.scoredTrace);
  const previousRuns = useWorkbench((s) => s.previousRuns);
  const precomputed = useWorkbench((s) => s.precomputed);
  const models = useWorkbench((s) => s.models);
  const palette = useDisplay((s) => s.palette);
  const dark = useDisplay((s) => s.dark);
  const words = PALETTE_WORDS[palette];
  const nameOf = useCallback((id: string) => models.find((m) => m.id === id)?.name ?? id, [models]);
  return (
    <div className="inspect-layout">
      <div className="inspect-input">
        <label className="gallery-picker">
          Examples{' '}
          <select
            data-testid="gallery"
            value={galleryMatch(problem, text)?.id ?? ''}
            onChange={(e) => {
              const item = GALLERY.find((g) => g.id === e.target.value);
              if (item) void loadExample(item);
            }}
          >
            <option value="">
              {text ? 'Your own trace (pick an example to replace it)' : 'Pick a synthetic trace with a known mistake…'}
            </option>
            {GALLERY.map((g) => (
              <option key={g.id} value={g.id}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label className="trace-label" htmlFor="problem">
          Problem
        </label>
        <input id="problem" data-testid="problem" value={problem} onChange={(e) => setProblem(e.target.value)} spellCheck={false} />
        <label className="trace-label" htmlFor="trace">
          Response
        </label>
        <textarea id="trace" data-testid="trace" value={text} onChange={(e) => setText(e.target.value)} rows={8} spellCheck={false} />
        <Controls />
        <GeneratePanel />
        <CapoPanel />
      </div>
      <div className="inspect-output">
        <DatasetNav />
        {runs.length > 0 && (
          <p className="result-note" data-testid="result-note">
            On signed rows {words.below} marks less credit and {words.above} more ({dark ? 'dark' : 'white'} is zero); log-probability rows
            use viridis. A bar starts each step; a wavy underline marks the characters the verifier knows are wrong.{' '}
            {precomputed
              ? 'These scores were computed ahead of time for this example; live scoring in your browser replaces them in a moment.'
              : `Scores for the text as it was when it was last scored${scoredText !== text ? ' (the text has changed since; press Score again)' : ''}.`}{' '}
            <RuleHelp />
          </p>
        )}
        {runs.length > 0 && <DisplaySettings />}
        <ExportBar />
        <RunCurves />
        <RolloutGroup />
        <div className="heatmap-rows" data-testid="heatmap-rows">
          {runs.map((run, i) => (
            <Heatmap
              key={run.modelId}
              run={run}
              scale={scales[i]}
              title={nameOf(run.modelId)}
              trace={scoredTrace}
              before={previousRuns.find((p) => p.modelId === run.modelId)}
            />
          ))}
        </div>
        <StepLabelsPanel />
        {runs.length > 0 && scoredTrace && <CreditCharts runs={runs} trace={scoredTrace} nameOf={nameOf} />}
      </div>
    </div>
  );
});
