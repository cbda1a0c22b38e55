import { useState } from 'react';
import { METHODS, OUTPUT_MEANINGS, ROLES, parseWorkbenchCard, type WorkbenchCard } from '../domain/modelCard';
import { useWorkbench } from '../state/workbench';

type Files = [string, Blob][];

/** The File System Access API's directory handle, as far as we use it (not in every browser's typings). */
interface DirectoryHandle {
  name: string;
  values(): AsyncIterable<{ kind: 'file' | 'directory'; name: string; getFile?: () => Promise<File> } & Partial<DirectoryHandle>>;
}

async function walk(dir: DirectoryHandle, prefix = ''): Promise<Files> {
  const out: Files = [];
  for await (const entry of dir.values()) {
    if (entry.kind === 'file' && entry.getFile) out.push([prefix + entry.name, await entry.getFile()]);
    else if (entry.kind === 'directory' && entry.values) out.push(...(await walk(entry as DirectoryHandle, `${prefix}${entry.name}/`)));
  }
  return out;
}

/** Files from `<input webkitdirectory>`: paths relative to the chosen folder. */
function fromInput(list: FileList): { name: string; files: Files } {
  const files: Files = [...list].map((f) => [f.webkitRelativePath.split('/').slice(1).join('/'), f]);
  return { name: list[0]?.webkitRelativePath.split('/')[0] ?? 'folder', files };
}

const pickDirectory = (window as unknown as { showDirectoryPicker?: () => Promise<DirectoryHandle> }).showDirectoryPicker;

/** Opens a Hugging Face model folder from disk; the files are read in memory and never leave the browser. */
export function LocalModelLoader() {
  const addLocalModel = useWorkbench((s) => s.addLocalModel);
  const [pending, setPending] = useState<{ name: string; files: Files } | null>(null);
  const [message, setMessage] = useState('');

  const accept = async ({ name, files }: { name: string; files: Files }) => {
    setMessage('');
    const id = `local-${name}`;
    const has = (p: string) => files.some(([path]) => path === p);
    const missing = ['config.json', 'tokenizer.json', 'onnx/model.onnx'].filter((p) => !has(p));
    if (missing.length) {
      setMessage(`${name} is not a model folder: ${missing.join(', ')} missing. Pick the folder that holds config.json.`);
      return;
    }
    const cardFile = files.find(([p]) => p === 'workbench.json')?.[1];
    const source = { kind: 'files' as const, id, label: name, files };
    if (!cardFile) {
      setPending({ name, files });
      return;
    }
    try {
      parseWorkbenchCard(JSON.parse(await cardFile.text()));
      addLocalModel(source);
      setMessage(`${name} is loaded from your disk as ${id}; press Score.`);
    } catch (e) {
      setMessage(`${name}/workbench.json: ${e instanceof Error ? e.message : String(e)}. Fix it, or remove it to fill in a form.`);
    }
  };

  return (
    <details className="panel" data-testid="local-model">
      <summary>Open a model folder from your disk</summary>
      <p className="hint">
        A Hugging Face folder (config.json, tokenizer.json, onnx/model.onnx, and workbench.json if it has one). The files are read in this
        tab and never uploaded.
      </p>
      <div className="panel-row">
        {pickDirectory && (
          <button
            type="button"
            onClick={() =>
              void pickDirectory().then(
                async (d) => accept({ name: d.name, files: await walk(d) }),
                () => {},
              )
            }
          >
            Choose a folder…
          </button>
        )}
        <label>
          {pickDirectory ? 'or pick its files: ' : 'Folder: '}
          <input
            type="file"
            data-testid="local-model-input"
            {...{ webkitdirectory: '', directory: '' }}
            multiple
            onChange={(e) => e.target.files?.length && void accept(fromInput(e.target.files))}
          />
        </label>
      </div>
      {message && (
        <p data-testid="local-model-message" role="status">
          {message}
        </p>
      )}
      {pending && (
        <CardForm
          name={pending.name}
          onCancel={() => setPending(null)}
          onDone={(card) => {
            addLocalModel({ kind: 'files', id: card.id, label: pending.name, files: pending.files }, card);
            setPending(null);
            setMessage(`${pending.name} is loaded from your disk as ${card.id}; press Score.`);
          }}
        />
      )}
    </details>
  );
}

/** The facts workbench.json would hold, asked for when a folder has none. */
function CardForm({ name, onDone, onCancel }: { name: string; onDone: (card: WorkbenchCard) => void; onCancel: () => void }) {
  const [f, setF] = useState({
    role: 'reward',
    method: 'qrm',
    meaning: 'token-scalar',
    output: 'logits',
    stepTag: '',
    prompt: '',
    response: '{response}',
  });
  const field = (key: keyof typeof f) => ({
    value: f[key],
    onChange: (e: { target: { value: string } }) => setF({ ...f, [key]: e.target.value }),
  });
  const [error, setError] = useState('');
  const submit = () => {
    try {
      onDone(
        parseWorkbenchCard({
          id: `local-${name}`,
          name,
          description: `Opened from your disk; card filled in by hand.`,
          role: f.role,
          method: f.method === 'none' ? null : f.method,
          output: { name: f.output, meaning: f.meaning },
          stepTag: f.stepTag || null,
          template: { prompt: f.prompt, response: f.response },
          provenance: { how: 'unknown', data: 'unknown', steps: 0, seed: 0 },
        }),
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <form
      className="card-form"
      data-testid="card-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p>
        <strong>{name}</strong> has no workbench.json. Tell CreditLens how to read it:
      </p>
      <label>
        Role{' '}
        <select data-testid="card-role" {...field('role')}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        Method{' '}
        <select data-testid="card-method" {...field('method')}>
          <option value="none">none (a plain LM)</option>
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label>
        Output{' '}
        <select data-testid="card-meaning" {...field('meaning')}>
          {OUTPUT_MEANINGS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label>
        Output name <input data-testid="card-output" {...field('output')} />
      </label>
      <label>
        Step tag <input placeholder="[PRM] or ки" {...field('stepTag')} />
      </label>
      <label>
        Prompt template <input placeholder="{problem}\n" {...field('prompt')} />
      </label>
      <label>
        Response template <input {...field('response')} />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" data-testid="card-submit">
        Use this model
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
