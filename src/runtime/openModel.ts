/** Opens a model folder from any source into a ModelRunner: card, config, tokenizer, and a session on the given ORT. */
import { readsLogprobs, type WorkbenchCard } from '../model/modelCard';
import { errorText, fail } from '../domain/errors';
import { HEAD_OUTPUT, readHeadFile, withLinearHead, withLogitPair } from './headGraph';
import type { LoadedTokenizer } from './tokenizer';
import { withReducedLogprobs } from './logprobGraph';
import {
  dataFileNames,
  loadCard,
  loadExternalData,
  loadModelConfig,
  loadOnnxBytes,
  loadTokenizerFiles,
  type ExternalDataFile,
} from './modelFiles';
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
  const locations = dataFileNames(source, onnx, file);
  if (budget) await checkExternalData(source, onnx.length, locations, budget);
  const externalData = await loadExternalData(source, locations, file);
  progress(0.4, 'building the graph');
  const tokenizer = tokenizerFromJson(source.label, files.tokenizer, files.config);
  // LMs get the reduced log-prob outputs so scoring never reads T×V logits back; a head the graph lacks is added.
  const { bytes, output } = readsLogprobs(card.output.meaning)
    ? { bytes: extend(onnx, source.label), output: card.output.name }
    : await withHead(source, card, onnx, tokenizer);
  progress(0.5, 'creating the session');
  const session = await createSession(bytes, externalData);
  const reference = card.reference ? await openReference(ort, source, card.reference, createSession) : undefined;
  progress(1, 'ready');
  return new ModelRunner({
    ort,
    card: { ...card, id: source.id, output: { ...card.output, name: output } },
    config,
    session,
    tokenizer,
    reference,
  });
}

/** The graph with the card's head added at load time (a head file, or a pair of LM logits), and the output to read. */
async function withHead(
  source: ModelSource,
  card: WorkbenchCard,
  onnx: Uint8Array,
  tokenizer: LoadedTokenizer,
): Promise<{ bytes: Uint8Array; output: string }> {
  const graphError = (e: unknown) =>
    fail(
      'model-file-corrupt',
      `${source.label}: the head could not be added to the graph (${errorText(e)}).`,
      'A head is added on the LM head of a language-model export; check that the folder holds one.',
    );
  if (card.head) {
    const file = await source.read(card.head);
    if (!file)
      fail(
        'model-file-missing',
        `${source.label}/${card.head} is missing; the card's "head" names it.`,
        'Add the head weight file, or remove "head" from the card.',
      );
    let head: ReturnType<typeof readHeadFile>;
    try {
      head = readHeadFile(file, `${source.label}/${card.head}`);
    } catch (e) {
      fail('card-invalid', errorText(e), 'The head file must be safetensors with a [labels, hidden] weight (score, v_head or classifier).');
    }
    try {
      return { bytes: withLinearHead(onnx, head), output: HEAD_OUTPUT };
    } catch (e) {
      graphError(e);
    }
  }
  if (card.tokenPair) {
    const ids = card.tokenPair.map((t) => {
      const enc = tokenizer.encode(t);
      if (enc.length !== 1)
        fail(
          'card-invalid',
          `${card.name}: "${t}" is ${enc.length} tokens for this tokenizer; a token pair needs single tokens.`,
          'Pick two tokens of the vocabulary in "tokenPair".',
        );
      return enc[0];
    }) as [number, number];
    try {
      return { bytes: withLogitPair(onnx, ids), output: HEAD_OUTPUT };
    } catch (e) {
      graphError(e);
    }
  }
  return { bytes: onnx, output: card.output.name };
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
