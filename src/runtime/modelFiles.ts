/** Reads and validates the files of a model folder (design.md §3) from any ModelSource, with errors that say what to fix. */
import { parseWorkbenchCard, type WorkbenchCard } from '../model/modelCard';
import { readArchitecture, type Architecture } from '../model/architecture';
import { errorText, fail } from '../domain/errors';
import { externalDataLocations } from '../model/externalData';
import type { ModelSource } from './modelSource';

export async function readJson(source: ModelSource, path: string): Promise<unknown | null> {
  const bytes = await source.read(path);
  if (bytes === null) return null;
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  } catch (e) {
    fail('card-invalid', `${source.label}/${path} is not valid JSON (${errorText(e)}).`, `Fix or regenerate ${path}.`);
  }
}

/** The card, or null when the folder has none (a plain Hugging Face folder: the user fills in the card). */
export async function loadCard(source: ModelSource): Promise<WorkbenchCard | null> {
  const json = await readJson(source, 'workbench.json');
  if (json === null) return null;
  try {
    return parseWorkbenchCard(json);
  } catch (e) {
    fail(
      'card-invalid',
      `${source.label}/workbench.json: ${errorText(e)}`,
      'Fix the field named above; docs/model-folders.md lists every field.',
    );
  }
}

export async function loadModelConfig(source: ModelSource): Promise<Architecture> {
  const json = await readJson(source, 'config.json');
  if (json === null)
    fail(
      'model-file-missing',
      `${source.label}/config.json is missing.`,
      'A model folder needs config.json in the Hugging Face format (GPT-2, Qwen2 or Llama).',
    );
  try {
    return readArchitecture(json);
  } catch (e) {
    fail(
      'card-invalid',
      `${source.label}/config.json: ${errorText(e)}`,
      'Fix config.json; it must describe a GPT-2, Qwen2 or Llama model.',
    );
  }
}

/** The graph of the stored weights the card asks for (onnx/model.onnx for float32, model_q4.onnx for 4 bits, …). */
export async function loadOnnxBytes(source: ModelSource, file = 'model.onnx'): Promise<Uint8Array> {
  const bytes = await source.read(`onnx/${file}`);
  if (!bytes)
    fail(
      'model-file-missing',
      `${source.label}/onnx/${file} is missing.`,
      file === 'model.onnx'
        ? 'Export the model to onnx/model.onnx (see docs/model-folders.md, "Bring your own model").'
        : `The card's "dtype" asks for ${file}; export that variant, or remove "dtype" to load model.onnx.`,
    );
  if (bytes.length === 0)
    fail('model-file-corrupt', `${source.label}/onnx/${file} is empty.`, 'Re-export the model or copy the folder again.');
  return bytes;
}

export async function loadTokenizerFiles(source: ModelSource): Promise<{ tokenizer: unknown; config: unknown }> {
  const [tokenizer, config] = await Promise.all([readJson(source, 'tokenizer.json'), readJson(source, 'tokenizer_config.json')]);
  for (const [json, file] of [
    [tokenizer, 'tokenizer.json'],
    [config, 'tokenizer_config.json'],
  ] as const)
    if (json === null)
      fail(
        'tokenizer-missing',
        `${source.label}/${file} is missing.`,
        'Add the tokenizer files from the Hugging Face folder, or run `npm run make-models` for the shipped models.',
      );
  return { tokenizer, config };
}

/** A data file an ONNX model's initializers live in, by the name the model gives it (`model.onnx_data`). */
export interface ExternalDataFile {
  path: string;
  data: Uint8Array;
}

/** The data files the graph `onnx/<file>` names (none when its weights are inline); a file that is not ONNX is named. */
export function dataFileNames(source: ModelSource, onnx: Uint8Array, file = 'model.onnx'): string[] {
  let locations: string[];
  try {
    locations = externalDataLocations(onnx);
  } catch (e) {
    fail(
      'model-file-corrupt',
      `${source.label}/onnx/${file} could not be read as an ONNX model (${errorText(e)}).`,
      'The file is truncated or is not ONNX. Export it again or copy the model folder again.',
    );
  }
  for (const path of locations)
    if (path.includes('..') || path.startsWith('/'))
      fail(
        'model-file-corrupt',
        `${source.label}/onnx/${file} names its data file "${path}" outside its folder.`,
        'Export the model again.',
      );
  return locations;
}

/** The data files, read from beside the graph `onnx/<file>`; a missing one is named with what to do. */
export function loadExternalData(source: ModelSource, locations: readonly string[], file = 'model.onnx'): Promise<ExternalDataFile[]> {
  return Promise.all(
    locations.map(async (path) => {
      const data = await source.read(`onnx/${path}`);
      if (!data)
        fail(
          'model-file-missing',
          `${source.label}/onnx/${path} is missing: the model keeps its weights there.`,
          `Copy ${path} from the export into the onnx/ folder beside ${file}.`,
        );
      return { path, data };
    }),
  );
}
