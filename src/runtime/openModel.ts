/** Opens a model folder from any source into a ModelRunner: card, config, tokenizer, and a session on the given ORT. */
import { readsLogprobs, type WorkbenchCard } from '../model/modelCard';
import { fail } from '../domain/errors';
import { withReducedLogprobs } from './logprobGraph';
import { loadCard, loadExternalData, loadModelConfig, loadOnnxBytes, loadTokenizerFiles, type ExternalDataFile } from './modelFiles';
import { ModelRunner } from './modelRunner';
import { onnxFileOf } from '../model/weightDtype';
import { checkExternalData, checkModelFile, type LoadBudget } from './loadBudget';
import type { ModelSource } from './modelSource';
import type { InferenceSession, OrtApi } from './ortApi';
import { tokenizerFromJson } from './tokenizer';

export interface OpenOptions {
  /** The card the user filled in for a folder that has no workbench.json. */
  card?: WorkbenchCard;
  /** Progress in [0, 1] with a word on what is happening. */
  onProgress?: (fraction: number, what: string) => void;
  /** The backend's limits, checked before the weights are read (the browser); none on Node. */
  budget?: LoadBudget;
}

/** Starts a session on a model's bytes and the external data files they name. */
export type SessionFactory = (bytes: Uint8Array, externalData: ExternalDataFile[]) => Promise<InferenceSession>;

export async function openModel(
  ort: OrtApi,
  source: ModelSource,
  createSession: SessionFactory,
  options: OpenOptions = {},
): Promise<ModelRunner> {
  const progress = options.onProgress ?? (() => {});
  progress(0, 'reading the card');
  const card = options.card ?? (await loadCard(source));
  if (!card)
    fail(
      'card-missing',
      `${source.label} has no workbench.json.`,
      'Fill in what the model is (role, method, output) in the form, or add workbench.json.',
    );
  const { budget } = options;
  const file = onnxFileOf(card.dtype ?? 'fp32');
  if (budget) await checkModelFile(source, budget, file);
  const [config, files, onnx] = await Promise.all([loadModelConfig(source), loadTokenizerFiles(source), loadOnnxBytes(source, file)]);
  progress(0.3, 'reading the weights');
  if (budget) await checkExternalData(source, onnx, budget);
  const externalData = await loadExternalData(source, onnx);
  progress(0.4, 'building the graph');
  const tokenizer = tokenizerFromJson(source.label, files.tokenizer, files.config);
  // LMs get the reduced log-prob outputs so scoring never reads T×V logits back.
  const bytes = readsLogprobs(card.output.meaning) ? extend(onnx, source.label) : onnx;
  progress(0.5, 'creating the session');
  const session = await createSession(bytes, externalData);
  const reference = card.reference ? await openReference(ort, source, card.reference, createSession) : undefined;
  progress(1, 'ready');
  return new ModelRunner({ ort, card: { ...card, id: source.id }, config, session, tokenizer, reference });
}

/** A DPO model's reference: the folder its card names, beside it. */
function openReference(ort: OrtApi, source: ModelSource, id: string, createSession: SessionFactory): Promise<ModelRunner> {
  if (!source.sibling)
    fail(
      'model-file-missing',
      `${source.label} needs its reference model ${id}, which cannot be reached from a folder opened on its own.`,
      `Open ${id} as well and pick it with this model as the policy, or serve both from models/.`,
    );
  return openModel(ort, source.sibling(id), createSession);
}

function extend(onnx: Uint8Array, label: string): Uint8Array {
  try {
    return withReducedLogprobs(onnx);
  } catch (e) {
    fail(
      'model-file-corrupt',
      `${label}/onnx/model.onnx could not be read as an ONNX language model (${e instanceof Error ? e.message : String(e)}).`,
      'The file is truncated or is not ONNX. Export it again or copy the model folder again.',
    );
  }
}
