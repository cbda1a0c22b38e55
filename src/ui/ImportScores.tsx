import { useState } from 'react';
import { readScoresInWorker, type TokenizerSource } from '../io/importedScoresInWorker';
import { mergeImports } from '../io/importedScores';
import { skippedWords } from '../domain/dataset';
import { useWorkbench } from '../state/workbench';
import { useDatasets } from '../state/datasets';
import { useDisplay } from '../state/display';

/** The real Qwen2.5 tokenizer, shipped in the tiny Qwen2 PRM's folder: what token ids are read with unless told. */
const QWEN = (): TokenizerSource => {
  const folder = new URL('models/tiny-qwen2-prm/', document.baseURI);
  return {
    label: 'Qwen2.5',
    tokenizerUrl: new URL('tokenizer.json', folder).href,
    configUrl: new URL('tokenizer_config.json', folder).href,
  };
};

/** Opens scores computed elsewhere (docs/scores-jsonl.md) and shows them beside the live models, one trace at a time. */
export function ImportScores() {
  const imported = useWorkbench((s) => s.imported);
  const setImported = useWorkbench((s) => s.setImported);
  const showImported = useWorkbench((s) => s.showImported);
  const [message, setMessage] = useState('');
  // Rollouts with per-rollout numbers (rewards, scores) can be triaged in Datasets by how much those disagree.
  const rollouts = imported.filter((t) => t.trace.source.startsWith('rollout-'));
  const triageable = rollouts.length > 1 && rollouts.some((t) => t.runs.some((r) => r.method === 'orm'));
  const [fileName, setFileName] = useState('');
  // A tokenizer.json the user picked for token ids (prime-rl's export); the shipped Qwen2.5 one otherwise.
  const [tokenizerFile, setTokenizerFile] = useState<File | null>(null);
  // The imported trace on the page, whichever control opened it (this list, or a step on the run's curves).
  const shownId = useWorkbench((s) => s.scoredTrace?.id);
  const shown = Math.max(
    0,
    imported.findIndex((t) => t.trace.id === shownId),
  );
  return (
    <>
      <label>
        Import scores (JSONL, or TRL&apos;s Parquet){' '}
        <input
          type="file"
          accept=".jsonl,.json,.parquet,application/json"
          data-testid="import-scores"
          multiple
          onChange={async (e) => {
            const files = [...(e.target.files ?? [])];
            if (!files.length) return;
            const what = files.length === 1 ? files[0].name : `${files.length} files`;
            setMessage(`Reading ${what}…`);
            try {
              const tokenizer = tokenizerFile ? { label: tokenizerFile.name, file: tokenizerFile } : QWEN();
              const read = [];
              // One worker at a time: a run's dumps can be large, and the page's memory is one budget.
              for (const file of files) read.push({ name: file.name, scores: await readScoresInWorker(file, file.name, tokenizer) });
              const { traces, problems } = mergeImports(read);
              const bad = skippedWords(problems);
              if (!traces.length) {
                setMessage(`${what} has no scores CreditLens can show.${bad} Nothing on the page changed.`);
                return;
              }
              setImported(traces);
              setFileName(what);
              const runs = traces.reduce((n, t) => n + t.runs.length, 0);
              setMessage(
                `${what}: ${traces.length} trace${traces.length === 1 ? '' : 's'}, ${runs} runs imported.${bad} Score to add live models beside them. ` +
                  'Imported scores stay in this tab: a link carries the trace and the live models, not them; share the file with it.',
              );
            } catch (err) {
              setMessage(`${what} could not be read: ${err instanceof Error ? err.message : String(err)}. Nothing on the page changed.`);
            }
          }}
        />
      </label>
      <label title="prime-rl's token export logs token ids: they are read back into text with this tokenizer (the one the run used)">
        Token ids read with <span data-testid="ids-tokenizer">{tokenizerFile ? tokenizerFile.name : 'Qwen2.5 (shipped)'}</span>{' '}
        <input
          type="file"
          accept=".json,application/json"
          aria-label="Another tokenizer.json for token ids"
          data-testid="ids-tokenizer-file"
          onChange={(e) => setTokenizerFile(e.target.files?.[0] ?? null)}
        />
      </label>
      {imported.length > 1 && (
        <label>
          Imported trace{' '}
          <select data-testid="imported-trace" value={shown} onChange={(e) => showImported(Number(e.target.value))}>
            {imported.map((t, i) => (
              <option key={t.trace.id} value={i}>
                {i + 1}. {t.trace.id} ({t.runs.map((r) => r.modelId).join(', ')})
              </option>
            ))}
          </select>
        </label>
      )}
      {triageable && (
        <button
          type="button"
          data-testid="triage-rollouts"
          title="Open these rollouts in Datasets, their rewards and scores as columns, sorted by how much those disagree"
          onClick={() => {
            useDatasets.getState().openRollouts(`${fileName || 'imported'}: ${rollouts.length} rollouts`, rollouts);
            useDisplay.getState().set({ view: 'datasets' });
          }}
        >
          Triage these {rollouts.length} rollouts
        </button>
      )}
      {message && (
        <span data-testid="import-scores-message" role="status">
          {message}
        </span>
      )}
    </>
  );
}
