import { useState } from 'react';
import { exportedLabels, parseViewExport, runStamp, stepsCsv, tokensCsv, viewExportJson } from '../io/runExport';
import { labelsOf, useStepLabels } from '../state/stepLabels';
import { useWorkbench } from '../state/workbench';
import { useColorSettings } from '../state/display';
import { panelSvg, svgToPng, viewHtmlFile } from './figureExport';
import { download } from './download';
import { ImportScores } from './ImportScores';

/**
 * Exports the scored view (JSON with every ScoreRun, CSV of tokens and steps, the heatmap panel as SVG or PNG) and
 * imports a JSON export back, or scores computed elsewhere.
 */
export function ExportBar() {
  const runs = useWorkbench((s) => s.runs);
  const trace = useWorkbench((s) => s.scoredTrace);
  const restore = useWorkbench((s) => s.restoreView);
  const models = useWorkbench((s) => s.models);
  const colors = useColorSettings();
  const byKey = useStepLabels((s) => s.byKey);
  const labels = labelsOf(byKey, trace);
  const [message, setMessage] = useState('');
  const svg = () => panelSvg(runs, trace, colors, (id) => models.find((m) => m.id === id)?.name ?? id);
  const png = async () => {
    try {
      download('creditlens-heatmap.png', 'image/png', await svgToPng(svg(), runStamp(runs)));
    } catch (err) {
      setMessage(`The PNG could not be made: ${err instanceof Error ? err.message : String(err)}. The SVG export still works.`);
    }
  };
  return (
    <div className="panel-row export-bar">
      {trace && runs.length > 0 && (
        <>
          <button
            type="button"
            data-testid="export-json"
            onClick={() => download('creditlens-view.json', 'application/json', viewExportJson(trace, runs, new Date(), labels))}
          >
            Export JSON
          </button>
          <button
            type="button"
            data-testid="export-tokens-csv"
            onClick={() => download('creditlens-tokens.csv', 'text/csv', tokensCsv(trace, runs))}
          >
            Tokens CSV
          </button>
          <button
            type="button"
            data-testid="export-steps-csv"
            onClick={() => download('creditlens-steps.csv', 'text/csv', stepsCsv(trace, runs))}
          >
            Steps CSV
          </button>
          <button type="button" data-testid="export-svg" onClick={() => download('creditlens-heatmap.svg', 'image/svg+xml', svg())}>
            Heatmap SVG
          </button>
          <button type="button" data-testid="export-png" onClick={() => void png()}>
            Heatmap PNG
          </button>
          <button
            type="button"
            data-testid="export-html"
            title="One HTML file with every row, its legend, each token's value on hover and your step labels; it opens offline in every browser"
            onClick={() =>
              download(
                'creditlens-view.html',
                'text/html',
                viewHtmlFile(runs, trace, colors, (id) => models.find((m) => m.id === id)?.name ?? id, labels),
              )
            }
          >
            Page (HTML)
          </button>
        </>
      )}
      <label>
        Import a JSON export{' '}
        <input
          type="file"
          accept="application/json,.json"
          data-testid="import-json"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            try {
              const view = parseViewExport(await file.text());
              restore(view.trace, view.runs);
              const carried = exportedLabels(view, Date.now());
              // The file's labels fill in a trace with none; labels already made here are never overwritten.
              const adopted = carried ? useStepLabels.getState().adopt([carried]) : 0;
              setMessage(
                `Restored ${view.runs.length} runs from ${file.name} (CreditLens ${view.appVersion}).${
                  carried
                    ? adopted
                      ? ' Its step labels were added.'
                      : ' Your own labels for this trace were kept; the file’s were not applied.'
                    : ''
                }`,
              );
            } catch (err) {
              setMessage(
                `${file.name} could not be imported: ${err instanceof Error ? err.message : String(err)}. Nothing on the page changed.`,
              );
            }
          }}
        />
      </label>
      {message && (
        <span data-testid="import-message" role="status">
          {message}
        </span>
      )}
      <ImportScores />
    </div>
  );
}
