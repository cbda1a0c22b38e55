import { create } from 'zustand';
import { ModelClient } from '../client/modelClient';
import { detectWebGpu, type WebGpuSupport } from '../client/webgpu';
import { parseModelIndex, type ModelIndexEntry } from '../domain/modelCard';
import { toWorkbenchError, type WorkbenchError } from '../runtime/errors';
import type { Backend, LoadedInfo, ScoreResult } from '../runtime/protocol';
import { SAMPLE_TRACE } from './sampleTrace';

export type Status = 'starting' | 'idle' | 'loading' | 'scoring';

export interface WorkbenchState {
  models: ModelIndexEntry[];
  modelId: string;
  backend: Backend;
  text: string;
  webgpu: WebGpuSupport | null;
  status: Status;
  loaded: LoadedInfo | null;
  result: ScoreResult | null;
  error: WorkbenchError | null;
  init: (search: string) => Promise<void>;
  setText: (text: string) => void;
  setModel: (modelId: string) => void;
  setBackend: (backend: Backend) => void;
  dismissError: () => void;
  score: () => Promise<void>;
}

const modelsUrl = () => new URL('models/', document.baseURI).href;

// The live worker sits beside the store, not in it: state holds only plain, serialisable data.
let client: ModelClient | null = null;
let clientKey = '';

function dropClient(): void {
  client?.dispose();
  client = null;
  clientKey = '';
}

function writeUrl(modelId: string, backend: Backend): void {
  const url = new URL(window.location.href);
  url.searchParams.set('model', modelId);
  url.searchParams.set('backend', backend);
  window.history.replaceState(null, '', url);
}

export const useWorkbench = create<WorkbenchState>()((set, get) => ({
  models: [],
  modelId: '',
  backend: 'wasm',
  text: SAMPLE_TRACE,
  webgpu: null,
  status: 'starting',
  loaded: null,
  result: null,
  error: null,

  async init(search) {
    const params = new URLSearchParams(search);
    const webgpu = await detectWebGpu();
    const wantBackend = params.get('backend');
    const backend: Backend = wantBackend === 'webgpu' && webgpu.available ? 'webgpu' : 'wasm';
    let models: ModelIndexEntry[] = [];
    let error: WorkbenchError | null = null;
    try {
      const response = await fetch(new URL('index.json', modelsUrl()));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      models = parseModelIndex(await response.json()).models;
    } catch (e) {
      error = {
        code: 'model-file-missing',
        message: `The model list (models/index.json) could not be read: ${e instanceof Error ? e.message : String(e)}.`,
        hint: 'Run `npm run make-models`, then reload.',
      };
    }
    const wanted = params.get('model');
    let modelId = models[0]?.id ?? '';
    if (wanted && models.some((m) => m.id === wanted)) modelId = wanted;
    else if (wanted) {
      error = {
        code: 'unknown-model',
        message: `There is no model "${wanted}".`,
        hint: `Pick one of: ${models.map((m) => m.id).join(', ') || '(none)'}. Showing ${modelId || 'nothing'} instead.`,
      };
    }
    if (wantBackend === 'webgpu' && !webgpu.available && !error) {
      error = { code: 'webgpu-unavailable', message: 'The link asked for WebGPU, which this browser cannot use.', hint: webgpu.reason };
    }
    set({ models, modelId, backend, webgpu, error, status: 'idle' });
  },

  setText: (text) => set({ text }),

  setModel(modelId) {
    if (modelId === get().modelId) return;
    dropClient();
    set({ modelId, loaded: null, result: null, error: null });
    writeUrl(modelId, get().backend);
  },

  setBackend(backend) {
    if (backend === get().backend) return;
    dropClient();
    set({ backend, loaded: null, error: null });
    writeUrl(get().modelId, backend);
  },

  dismissError: () => set({ error: null }),

  async score() {
    const { modelId, backend, text } = get();
    if (!modelId) return;
    set({ error: null });
    try {
      const key = `${modelId}@${backend}`;
      if (!client || !client.alive || clientKey !== key) {
        dropClient();
        set({ status: 'loading', loaded: null });
        client = new ModelClient((lost) => {
          dropClient();
          set({ error: lost, loaded: null });
        });
        clientKey = key;
        const loaded = await client.load(modelId, backend, modelsUrl());
        set({ loaded });
      }
      set({ status: 'scoring' });
      const result = await client.score(text);
      set({ result });
    } catch (e) {
      // A failed load leaves nothing usable in that worker; scoring errors keep the loaded model.
      if (get().status === 'loading') {
        dropClient();
        set({ loaded: null });
      }
      set({ error: toWorkbenchError(e) });
    } finally {
      set({ status: 'idle' });
    }
  },
}));
