import { useState } from 'react';
import { parseViewExport, runStamp, stepsCsv, tokensCsv, viewExportJson } from '../io/runExport';
import { useWorkbench } from '../state/workbench';
import { useColorSettings } from '../state/display';
import { panelSvg, svgToPng } from './figureExport';
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
            onClick={() => download('creditlens-view.json', 'application/json', viewExportJson(trace, runs))}
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
              setMessage(`Restored ${view.runs.length} runs from ${file.name} (CreditLens ${view.appVersion}).`);
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
