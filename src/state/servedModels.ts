/**
 * Served models (docs/serving.md): models on a serving engine the user named, added as rows like any other. What a
 * link and the page keep of one is its engine URL, its name there and its head preset; the API key stays in this
 * module's memory, and in sessionStorage only when the user asks (never IndexedDB, links, exports or logs).
 */
import { create } from 'zustand';
import { engineBaseUrl, engineReadOf, probeEngine, type EngineFacts } from '../client/engineProbe';
import type { SourceSpec } from '../client/modelController';
import { presetById, presetCard } from '../model/headPresets';
import type { ModelIndexEntry, WorkbenchCard } from '../model/modelCard';
import { errorText, fail } from '../domain/errors';
import { ENGINE_CARD, type ServedRef } from './url';
import { addLinkPart, useWorkbench } from './workbench';

export type EngineSource = Extract<SourceSpec, { kind: 'engine' }>;

export interface EngineSettings {
  /** Requests in flight at once per model. */
  concurrency: number;
  /** Seconds one request may take. */
  timeoutS: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = { concurrency: 8, timeoutS: 120 };

/** The tokenizer files a user opened for a model whose engine does not hand them out, parsed. */
export interface TokenizerFiles {
  tokenizer: unknown;
  config: unknown;
}

/**
 * tokenizer.json and tokenizer_config.json from the files the user picked, parsed; an error names what is wrong.
 * None picked: undefined, and the engine's tokenizer is used (its files, or POST /tokenize).
 */
export async function readTokenizerFiles(files: readonly [string, Blob][]): Promise<TokenizerFiles | undefined> {
  if (!files.length) return undefined;
  const find = (name: string) => files.find(([p]) => p === name || p.endsWith(`/${name}`))?.[1];
  const parse = async (blob: Blob, name: string) => {
    try {
      return JSON.parse(await blob.text()) as unknown;
    } catch (e) {
      fail('tokenizer-invalid', `${name} is not JSON (${errorText(e)}).`, 'Pick the file from the model’s Hugging Face folder again.');
    }
  };
  const tokenizer = find('tokenizer.json');
  if (!tokenizer)
    fail(
      'tokenizer-missing',
      'tokenizer.json is not among the files picked.',
      'Pick it from the model’s Hugging Face folder, or none to let the engine tokenize.',
    );
  const config = find('tokenizer_config.json');
  return { tokenizer: await parse(tokenizer, 'tokenizer.json'), config: config ? await parse(config, 'tokenizer_config.json') : {} };
}

/** How a served model is read where its engine does not say: a card (preset or form), its tokenizer files, and the engine's own card for the picker's entry. */
type ServedHow = { card?: WorkbenchCard; tokenizer?: TokenizerFiles; engineCard?: WorkbenchCard | null };

const keys = new Map<string, string>();
/** The card and tokenizer each served model was added with, to rebuild its source when the settings change. */
const given = new Map<string, ServedHow>();
const KEY_PREFIX = 'creditlens.engine-key.';

/** The key for an engine's origin: typed in this tab, or kept for this tab's session when the user asked. */
export function engineKey(origin: string): string | undefined {
  const mine = keys.get(origin);
  if (mine !== undefined) return mine || undefined;
  try {
    return sessionStorage.getItem(KEY_PREFIX + origin) ?? undefined;
  } catch {
    return undefined;
  }
}

export function setEngineKey(origin: string, key: string, remember: boolean): void {
  keys.set(origin, key);
  try {
    if (remember && key) sessionStorage.setItem(KEY_PREFIX + origin, key);
    else sessionStorage.removeItem(KEY_PREFIX + origin);
  } catch {
    // A browser without sessionStorage keeps the key in memory only.
  }
}

/** A served model's id on the page: its name there and the engine's host, e.g. `arith-prm@127.0.0.1:8000`. */
export const servedId = (ref: Pick<ServedRef, 'baseUrl' | 'model'>) => `${ref.model}@${new URL(ref.baseUrl).host}`;

interface ServedState {
  /** Served models by id: the link's part and how each is asked for. */
  refs: Record<string, ServedRef>;
  settings: EngineSettings;
  setSettings: (s: Partial<EngineSettings>) => void;
  /** Asks an engine what it serves (GET /version, /v1/models, and each model's card where it hands one out). */
  connect: (typed: string, key: string, remember: boolean) => Promise<EngineFacts>;
  /** Adds a served model as a row and scores with it; `card` and `tokenizer` where the engine gives none. */
  add: (ref: ServedRef, how?: ServedHow) => string;
}

function sourceOf(ref: ServedRef, settings: EngineSettings, how: ServedHow): EngineSource {
  const id = servedId(ref);
  const preset = presetById(ref.preset);
  const config = (how.tokenizer?.config ?? {}) as Record<string, unknown>;
  const card = how.card ?? (preset ? presetCard(preset, id, ref.model, config) : undefined);
  const origin = new URL(ref.baseUrl).origin;
  return {
    kind: 'engine',
    id,
    label: `${ref.model} @ ${origin}`,
    remote: {
      target: { baseUrl: ref.baseUrl, apiKey: engineKey(origin), timeoutMs: settings.timeoutS * 1000 },
      model: ref.model,
      id,
      card,
      tokenizer: how.tokenizer,
      read: engineReadOf(ref.preset),
      concurrency: settings.concurrency,
    },
  };
}

function entryOf(source: EngineSource, card: WorkbenchCard | undefined): ModelIndexEntry {
  return { id: source.id, name: source.label, role: card?.role ?? 'reward', method: card?.method ?? null };
}

export const useServed = create<ServedState>()((set, get) => ({
  refs: {},
  settings: DEFAULT_ENGINE_SETTINGS,
  setSettings(s) {
    set({ settings: { ...get().settings, ...s } });
    renew(() => true);
  },

  async connect(typed, key, remember) {
    const baseUrl = engineBaseUrl(typed, window.location.protocol);
    const origin = new URL(baseUrl).origin;
    setEngineKey(origin, key, remember);
    // The engine's models already on the page use the key typed now.
    renew((ref) => new URL(ref.baseUrl).origin === origin);
    return probeEngine({ baseUrl, apiKey: engineKey(origin), timeoutMs: get().settings.timeoutS * 1000 });
  },

  add: (ref, how = {}) => put(ref, how, true),
}));

/** The served models on the page that `which` picks take the current settings and key: a fresh worker on their next job. */
function renew(which: (ref: ServedRef) => boolean): void {
  const { refs, settings } = useServed.getState();
  for (const [id, ref] of Object.entries(refs)) {
    const entry = useWorkbench.getState().models.find((m) => m.id === id);
    if (entry && which(ref)) useWorkbench.getState().addEngineModel(sourceOf(ref, settings, given.get(id) ?? {}), entry, false);
  }
}

/** Makes a served model a row of the page (picked, so it scores, when `pick`); its id. */
function put(ref: ServedRef, how: ServedHow, pick: boolean): string {
  const source = sourceOf(ref, useServed.getState().settings, how);
  given.set(source.id, how);
  useServed.setState((s) => ({ refs: { ...s.refs, [source.id]: ref } }));
  useWorkbench.getState().addEngineModel(source, entryOf(source, source.remote.card ?? how.engineCard ?? undefined), pick);
  return source.id;
}

/** The served models a link names, as rows before the page picks its models; an unreachable engine says so on its row. */
function restore(refs: readonly ServedRef[]): void {
  for (const ref of refs) {
    try {
      put(ref, {}, false);
    } catch (e) {
      useWorkbench.setState((s) => ({ notices: [...s.notices, `A served model in the link could not be read: ${errorText(e)}`] }));
    }
  }
}

addLinkPart({
  // Only the served models that are picked travel: a link names what it shows.
  write: async () => {
    const { selected } = useWorkbench.getState();
    const { refs } = useServed.getState();
    return { served: selected.flatMap((id) => (refs[id] ? [refs[id]] : [])) };
  },
  read: async (link) => restore(link.served),
});

export { ENGINE_CARD, type EngineFacts };
