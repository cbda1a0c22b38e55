import { useState } from 'react';
import { parseWorkbenchCard } from '../model/modelCard';
import { convertInWorker, isCheckpointFolder } from '../io/convertInWorker';
import { onnxFileOf, WEIGHT_DTYPES } from '../model/weightDtype';
import { useWorkbench } from '../state/workbench';
import { CardForm } from './CardForm';

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
  // The folder last accepted: once the page tried to load it, its load state is what the form says.
  const [lastId, setLastId] = useState<string | null>(null);
  const failure = useWorkbench((s) => (lastId ? s.loaded[lastId]?.error : null));

  const accept = async ({ name, files: opened }: { name: string; files: Files }) => {
    setMessage('');
    setLastId(null);
    const id = `local-${name}`;
    let files = opened;
    const graphs = WEIGHT_DTYPES.map((d) => `onnx/${onnxFileOf(d)}`);
    // A Hugging Face checkpoint without an ONNX graph is converted first, in a worker, in this tab.
    if (!graphs.some((g) => opened.some(([p]) => p === g)) && isCheckpointFolder(opened.map(([p]) => p))) {
      setMessage(`Converting ${name} (safetensors) to ONNX in this tab…`);
      try {
        const converted = await convertInWorker(opened, name);
        files = [
          ...opened.filter(([p]) => !converted.some(([c]) => c === p)),
          ...converted.map(([p, b]): [string, Blob] => [p, new Blob([b as BlobPart])]),
        ];
        const mb = converted.filter(([p]) => p.startsWith('onnx/')).reduce((n, [, b]) => n + b.length, 0) / 1024 ** 2;
        setMessage(`${name} was converted to ONNX in this tab (${mb.toFixed(1)} MB of weights in external data).`);
      } catch (e) {
        setMessage(`${name} could not be converted: ${e instanceof Error ? e.message : String(e)}.`);
        return;
      }
    }
    const has = (p: string) => files.some(([path]) => path === p);
    const missing = ['config.json', 'tokenizer.json'].filter((p) => !has(p));
    if (!graphs.some(has)) missing.push(`${graphs.join(' or ')} (or model.safetensors to convert)`);
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
      setLastId(id);
      setMessage(`${name} is loaded from your disk as ${id}; press Score.`);
    } catch (e) {
      setMessage(`${name}/workbench.json: ${e instanceof Error ? e.message : String(e)}. Fix it, or remove it to fill in a form.`);
    }
  };

  return (
    <details className="panel" data-testid="local-model">
      <summary>Open a model folder from your disk</summary>
      <p className="hint">
        A Hugging Face folder (config.json, tokenizer.json, onnx/model.onnx, and workbench.json if it has one), or a checkpoint (config.json
        and safetensors), which is converted to ONNX here first. The files are read in this tab and never uploaded.
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
      {(failure || message) && (
        <p data-testid="local-model-message" role="status" className={failure ? 'error' : undefined}>
          {failure ? `${lastId} could not be loaded: ${failure}` : message}
        </p>
      )}
      {pending && (
        <CardForm
          name={pending.name}
          files={pending.files}
          onCancel={() => setPending(null)}
          onDone={(card) => {
            addLocalModel({ kind: 'files', id: card.id, label: pending.name, files: pending.files }, card);
            setPending(null);
            setLastId(card.id);
            setMessage(`${pending.name} is loaded from your disk as ${card.id}; press Score.`);
          }}
        />
      )}
    </details>
  );
}
