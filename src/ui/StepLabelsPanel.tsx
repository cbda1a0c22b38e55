import { memo, useEffect, useMemo, useState } from 'react';
import { firstWrongOf, RATINGS, ratedSteps, type StepRating } from '../domain/stepLabels';
import { exportLabels, LABEL_FORMATS, type LabelFormat } from '../io/labelExport';
import { labelsOf, useStepLabels } from '../state/stepLabels';
import { currentTrace, useWorkbench } from '../state/workbench';
import { download } from './download';

const WORDS: Record<StepRating, { mark: string; name: string }> = {
  1: { mark: '✓', name: 'right' },
  0: { mark: '○', name: 'neutral' },
  [-1]: { mark: '✗', name: 'wrong' },
};

const shorten = (text: string) => (text.length > 140 ? `${text.slice(0, 139)}…` : text);

/**
 * Your own step labels for the trace on the page: each step right, neutral or wrong (PRM800K's 1 / 0 / −1), or only
 * where the first mistake is, with a note. They are kept in this browser and export as PRM800K, ProcessBench or TRL
 * stepwise files that Datasets reads back, so every model's F1 can be measured against them.
 */
export const StepLabelsPanel = memo(function StepLabelsPanel() {
  const problem = useWorkbench((s) => s.problem);
  const text = useWorkbench((s) => s.text);
  const scoredTrace = useWorkbench((s) => s.scoredTrace);
  // The trace as the page reads it now (an imported trace keeps its own steps while its text is unchanged).
  // eslint-disable-next-line react-hooks/exhaustive-deps -- currentTrace reads these three from the store
  const trace = useMemo(() => currentTrace(), [problem, text, scoredTrace]);
  const byKey = useStepLabels((s) => s.byKey);
  const saveError = useStepLabels((s) => s.saveError);
  const { load, rate, markFirstWrong, setNote, clear } = useStepLabels.getState();
  const [message, setMessage] = useState('');
  useEffect(() => void load(), [load]);
  const mine = labelsOf(byKey, trace);
  const all = Object.values(byKey);
  if (!trace.steps.length) return null;
  const first = mine ? firstWrongOf(mine.ratings) : null;
  const rated = mine ? ratedSteps(mine) : 0;
  const save = (format: LabelFormat) => {
    const out = exportLabels(all, format);
    const spec = LABEL_FORMATS[format];
    if (out.written) download(spec.file, spec.mime, out.text);
    const left = out.left.length
      ? ` ${out.left.length} left out: ${out.left
          .slice(0, 3)
          .map((l) => `${l.traceId} (${l.reason})`)
          .join('; ')}${out.left.length > 3 ? '; …' : ''}.`
      : '';
    setMessage(`${spec.name}: ${out.written} labelled ${out.written === 1 ? 'trace' : 'traces'} written.${left}`);
  };
  return (
    <details className="panel step-labels" data-testid="step-labels" open>
      <summary>
        Your step labels: {rated} of {trace.steps.length} steps rated
        {first === null ? '' : first < 0 ? ' · no step is wrong' : ` · first mistake: step ${first + 1}`}
      </summary>
      <p className="hint">
        Rate each step right, neutral or wrong (PRM800K&apos;s 1, 0, −1), or only mark where the first mistake is. Labels are kept in this
        browser under the trace&apos;s text, so the same trace opened again finds them. Export them all and import the file in Datasets to
        measure every model against your labels.
      </p>
      <ol className="label-steps">
        {trace.steps.map((step, k) => {
          const rating = mine?.ratings[k] ?? null;
          return (
            <li key={k} data-testid="label-step" data-step={k + 1} data-rating={rating ?? ''}>
              <span className="label-step-text">{shorten(step.text)}</span>
              <span role="group" aria-label={`Step ${k + 1}`} className="label-buttons">
                {RATINGS.map((r) => (
                  <button
                    key={r}
                    type="button"
                    aria-pressed={rating === r}
                    data-testid={`label-${WORDS[r].name}`}
                    title={`Step ${k + 1} is ${WORDS[r].name}${rating === r ? ' (press again to take it away)' : ''}`}
                    onClick={() => rate(trace, k, rating === r ? null : r)}
                  >
                    {WORDS[r].mark} <span className="visually-hidden">{WORDS[r].name}</span>
                  </button>
                ))}
                <button type="button" data-testid="label-first-wrong" onClick={() => markFirstWrong(trace, k)}>
                  first mistake
                </button>
              </span>
            </li>
          );
        })}
      </ol>
      <div className="panel-row">
        <button type="button" data-testid="label-none-wrong" onClick={() => markFirstWrong(trace, -1)}>
          No step is wrong
        </button>
        <button type="button" data-testid="label-clear" disabled={!mine} onClick={() => clear(trace)}>
          Clear this trace&apos;s labels
        </button>
      </div>
      <label className="label-note">
        Note{' '}
        <textarea
          data-testid="label-note"
          rows={2}
          value={mine?.note ?? ''}
          onChange={(e) => setNote(trace, e.target.value)}
          placeholder="Why, for whoever reads the labels next"
        />
      </label>
      <div className="panel-row">
        <span>
          Export all {all.length} labelled {all.length === 1 ? 'trace' : 'traces'} as
        </span>
        {(Object.keys(LABEL_FORMATS) as LabelFormat[]).map((f) => (
          <button key={f} type="button" data-testid={`labels-export-${f}`} disabled={!all.length} onClick={() => save(f)}>
            {LABEL_FORMATS[f].name}
          </button>
        ))}
      </div>
      {message && (
        <p role="status" data-testid="labels-message">
          {message}
        </p>
      )}
      {saveError && (
        <p className="error" role="alert" data-testid="labels-save-error">
          {saveError}
        </p>
      )}
    </details>
  );
});
