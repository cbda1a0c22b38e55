import { useState } from 'react';
import { HEAD_PRESETS } from '../model/headPresets';
import type { WorkbenchCard } from '../model/modelCard';
import { toWorkbenchError } from '../domain/errors';
import { ENGINE_CARD, readTokenizerFiles, servedId, useServed, type EngineFacts } from '../state/servedModels';
import { useWorkbench } from '../state/workbench';
import { CardForm } from './CardForm';
import { NumberField } from './NumberField';

type Files = [string, Blob][];

const CUSTOM = 'custom';

/** What went wrong and what to do, for anything a store action threw. */
function said(e: unknown): string {
  const { message, hint } = toWorkbenchError(e);
  return `${message} ${hint}`;
}

/** One model the engine serves: how to read it (its own card, a head preset or the card form), and Add. */
function ServedModelRow({ baseUrl, model }: { baseUrl: string; model: EngineFacts['models'][number] }) {
  const add = useServed((s) => s.add);
  const failure = useWorkbench((s) => s.loaded[servedId({ baseUrl, model: model.id })]?.error ?? null);
  const [preset, setPreset] = useState(model.card ? ENGINE_CARD : HEAD_PRESETS[0].id);
  const [files, setFiles] = useState<Files>([]);
  const [form, setForm] = useState(false);
  const [message, setMessage] = useState('');
  const needsTokenizer = preset !== ENGINE_CARD;
  const submit = async (card?: WorkbenchCard) => {
    setMessage('');
    try {
      const tokenizer = needsTokenizer ? await readTokenizerFiles(files) : undefined;
      const id = servedId({ baseUrl, model: model.id });
      add({ baseUrl, model: model.id, preset }, { card: card && { ...card, id, name: model.id }, tokenizer, engineCard: model.card });
      setForm(false);
      setMessage(`${model.id} is added as ${id}; it scores the trace in Inspect.`);
    } catch (e) {
      setMessage(said(e));
    }
  };
  return (
    <li data-testid="served-model-row" data-model={model.id}>
      <strong>{model.id}</strong>
      {model.maxModelLen ? ` · reads up to ${model.maxModelLen} tokens` : ''}
      <div className="panel-row">
        <label>
          Read as{' '}
          <select data-testid="served-preset" value={preset} onChange={(e) => setPreset(e.target.value)}>
            {model.card && <option value={ENGINE_CARD}>its own card from the engine ({model.card.method ?? model.card.role})</option>}
            {HEAD_PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value={CUSTOM}>custom: fill in the card…</option>
          </select>
        </label>
        {needsTokenizer && (
          <label>
            Its tokenizer (tokenizer.json, tokenizer_config.json; without them the engine tokenizes){' '}
            <input
              type="file"
              multiple
              accept=".json,application/json"
              data-testid="served-tokenizer"
              onChange={(e) => setFiles([...(e.target.files ?? [])].map((f): [string, Blob] => [f.name, f]))}
            />
          </label>
        )}
        <button type="button" data-testid="served-add" onClick={() => (preset === CUSTOM ? setForm(true) : void submit())}>
          Add
        </button>
      </div>
      {form && <CardForm name={model.id} files={files} served onCancel={() => setForm(false)} onDone={(card) => void submit(card)} />}
      {(failure || message) && (
        <p data-testid="served-row-message" role="status" className={failure ? 'error' : undefined}>
          {failure ? `${model.id} could not be loaded: ${failure}` : message}
        </p>
      )}
    </li>
  );
}

/**
 * Models on a serving engine (vLLM, or `npm run serve`): the address, a key that stays in this tab, and the models it
 * serves. Each added model is a row like any other; the page sends requests only to the engines listed here.
 */
export function ServedModelsPanel() {
  const { connect, settings, setSettings, refs } = useServed();
  const [url, setUrl] = useState('http://127.0.0.1:8000');
  const [key, setKey] = useState('');
  const [remember, setRemember] = useState(false);
  const [facts, setFacts] = useState<EngineFacts | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const origins = [...new Set(Object.values(refs).map((r) => new URL(r.baseUrl).origin))];
  const ask = async () => {
    setBusy(true);
    setError('');
    setFacts(null);
    try {
      setFacts(await connect(url, key, remember));
    } catch (e) {
      setError(said(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="panel" data-testid="served-model">
      <summary>Add a served model (vLLM, or CreditLens’s npm run serve)</summary>
      <p className="hint">
        A reward model, policy or critic on your GPU server: CreditLens tokenizes here and asks the engine for the numbers (vLLM’s /pooling,
        /classify and /v1/completions). The key stays in this tab’s memory, never in links, exports or storage. docs/serving.md has the vllm
        serve lines.
      </p>
      <form
        className="panel-row"
        onSubmit={(e) => {
          e.preventDefault();
          void ask();
        }}
      >
        <label>
          Engine URL <input data-testid="served-url" value={url} onChange={(e) => setUrl(e.target.value)} size={32} />
        </label>
        <label>
          API key{' '}
          <input
            data-testid="served-key"
            type="password"
            autoComplete="off"
            value={key}
            placeholder="none"
            onChange={(e) => setKey(e.target.value)}
          />
        </label>
        <label>
          <input type="checkbox" data-testid="served-remember" checked={remember} onChange={(e) => setRemember(e.target.checked)} /> keep
          the key until this tab closes
        </label>
        <button type="submit" data-testid="served-connect" disabled={busy}>
          {busy ? 'Asking…' : 'Connect'}
        </button>
      </form>
      <div className="panel-row">
        <NumberField
          label="Parallel requests"
          testId="served-concurrency"
          rule={{ min: 1, max: 64, integer: true }}
          value={settings.concurrency}
          onValid={(concurrency) => setSettings({ concurrency })}
        />
        <NumberField
          label="Time-out (s)"
          testId="served-timeout"
          rule={{ min: 1, max: 3600, integer: true }}
          value={settings.timeoutS}
          onValid={(timeoutS) => setSettings({ timeoutS })}
        />
      </div>
      {error && (
        <p className="error" role="alert" data-testid="served-error">
          {error}
        </p>
      )}
      {facts && (
        <>
          <p data-testid="served-engine" role="status">
            {facts.origin} {facts.version ? `(${facts.version})` : ''} serves {facts.models.length} model
            {facts.models.length === 1 ? '' : 's'}.
          </p>
          <ul className="served-models">
            {facts.models.map((m) => (
              <ServedModelRow key={m.id} baseUrl={facts.baseUrl} model={m} />
            ))}
          </ul>
        </>
      )}
      <p className="hint" data-testid="served-origins">
        {origins.length
          ? `This page sends requests to: ${origins.join(', ')}, and to no other server.`
          : 'No engine is in use; this page talks to no server but its own.'}
      </p>
    </details>
  );
}
