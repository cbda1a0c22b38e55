import { parseModelIndex, parseWorkbenchCard, type WorkbenchCard } from '../domain/modelCard';
import { parseHfConfig } from '../model/hfFiles';
import type { ModelConfig } from '../model/config';
import { errorText, fail } from './errors';

/** Where a model folder lives, e.g. http://127.0.0.1:5173/models/tiny-random-qrm/ */
export function modelFolderUrl(modelsUrl: string, modelId: string): string {
  return new URL(`${encodeURIComponent(modelId)}/`, modelsUrl).href;
}

async function fetchOk(url: string, label: string): Promise<Response | null> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    fail(
      'model-file-missing',
      `Could not fetch ${label}: ${errorText(e)}`,
      'Check that the CreditLens server is still running, then try again.',
    );
  }
  if (response.status === 404) return null;
  if (!response.ok)
    fail('model-file-missing', `Fetching ${label} failed with HTTP ${response.status}.`, 'Check the server log, then try again.');
  return response;
}

async function fetchJson(url: string, label: string): Promise<unknown | null> {
  const response = await fetchOk(url, label);
  if (!response) return null;
  const text = await response.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    fail('card-invalid', `${label} is not valid JSON (${errorText(e)}).`, `Fix or regenerate ${label}.`);
  }
}

async function knownModelIds(modelsUrl: string): Promise<string[]> {
  const json = await fetchJson(new URL('index.json', modelsUrl).href, 'models/index.json');
  if (json === null) return [];
  try {
    return parseModelIndex(json).models.map((m) => m.id);
  } catch {
    return [];
  }
}

export async function loadCard(modelsUrl: string, modelId: string): Promise<WorkbenchCard> {
  const label = `models/${modelId}/workbench.json`;
  const json = await fetchJson(new URL('workbench.json', modelFolderUrl(modelsUrl, modelId)).href, label);
  if (json === null) {
    const known = await knownModelIds(modelsUrl);
    if (!known.includes(modelId)) {
      fail(
        'unknown-model',
        `There is no model "${modelId}".`,
        known.length ? `Pick one of: ${known.join(', ')}.` : 'models/index.json lists no models; run `npm run make-models`.',
      );
    }
    fail('model-file-missing', `${label} is missing.`, 'Every shipped model folder needs a workbench.json; see README "Model folders".');
  }
  try {
    return parseWorkbenchCard(json);
  } catch (e) {
    fail('card-invalid', `${label}: ${errorText(e)}`, 'Fix the field named above; README "Model folders" lists every field.');
  }
}

export async function loadModelConfig(modelsUrl: string, modelId: string): Promise<ModelConfig> {
  const label = `models/${modelId}/config.json`;
  const json = await fetchJson(new URL('config.json', modelFolderUrl(modelsUrl, modelId)).href, label);
  if (json === null)
    fail('model-file-missing', `${label} is missing.`, 'A model folder needs config.json in the Hugging Face GPT-2 format.');
  try {
    return parseHfConfig(json);
  } catch (e) {
    fail('card-invalid', `${label}: ${errorText(e)}`, 'Fix config.json; it must describe a GPT-2-style model.');
  }
}

export async function loadOnnxBytes(modelsUrl: string, modelId: string): Promise<Uint8Array> {
  const label = `models/${modelId}/onnx/model.onnx`;
  const response = await fetchOk(new URL('onnx/model.onnx', modelFolderUrl(modelsUrl, modelId)).href, label);
  if (!response)
    fail('model-file-missing', `${label} is missing.`, 'Export the model to onnx/model.onnx (see README "Bring your own model").');
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length === 0) fail('model-file-corrupt', `${label} is empty.`, 'Re-export the model or copy the folder again.');
  return bytes;
}
