import { create } from 'zustand';
import type { Placement } from '../client/placement';
import { detectWebGpu, type WebGpuSupport } from '../client/webgpu';
import { parseModelIndex, type ModelIndexEntry, type WorkbenchCard } from '../model/modelCard';
import type { ScoreRun } from '../methods/scoreRun';
import { IMPORTED_DEVICE, type ImportedTrace } from '../io/importedScores';
import type { Trace } from '../domain/trace';
import type { Problem } from '../arith/problem';
import { GALLERY, type GalleryItem } from './gallery';
import { loadSession, saveSession, type SavedSession } from './session';
import type { Truncation } from '../domain/truncation';
import { atUserTau, loadStepTaus, onStepTausChange } from './stepTaus';
import { decodeTraceParam, encodeTraceParam } from './urlTrace';
import type { WorkbenchError } from '../domain/errors';
import type { LoadedInfo, SourceSpec } from '../client/modelController';
import { failureError, scoreModels } from './scoreModels';
import { fetchGalleryRuns, precomputedFor } from './galleryRuns';
import { controllerFor, dropAllControllers, dropController, liveControllers, type ControllerSetup } from './controllers';
import { SAMPLE, SAMPLE_PROBLEM, SAMPLE_TRACE } from './sampleTrace';
import { traceFromText } from './textTrace';
import { useDisplay } from './display';
import { useTeach } from './teach';
import { linkNamesView, readUrlState, writeUrlState, type UrlState } from './url';
import { ORACLE, ORACLE_ENTRY } from './capoSettings';
import type { BackendChoice } from '../domain/backend';

export type Status = 'starting' | 'idle' | 'loading' | 'scoring';

/** What the page knows about one model it has loaded. */
export interface LoadedModel {
  info: LoadedInfo | null;
  placement: Placement | null;
  progress: { fraction: number; what: string } | null;
  /** Why the model's last load failed: the banner, its card, the folder form and the picker all say this one thing. */
  error: string | null;
}

export interface WorkbenchState {
  models: ModelIndexEntry[];
  /** Local folders the user opened: the files stay in memory and are never uploaded. */
  localSources: Record<string, Extract<SourceSpec, { kind: 'files' }>>;
  /** Models on serving engines the user named (state/servedModels.ts); each source holds its key in memory only. */
  engineSources: Record<string, Extract<SourceSpec, { kind: 'engine' }>>;
  /** Cards the user filled in for folders without workbench.json. */
  userCards: Record<string, WorkbenchCard>;
  selected: string[];
  /** Whether the pickers list test models (random weights); picked ones are always listed. */
  showTestModels: boolean;
  setShowTestModels: (show: boolean) => void;
  backend: BackendChoice;
  /** What Inspect and Compare do with a trace longer than a model reads: refuse it, or score the steps that fit. */
  longTraces: Truncation;
  setLongTraces: (t: Truncation) => void;
  problem: string;
  text: string;
  /** The gallery problem on the page, if any: while the problem text is unchanged, the verifier labels the steps. */
  example: Problem | null;
  webgpu: WebGpuSupport | null;
  status: Status;
  loaded: Record<string, LoadedModel>;
  runs: ScoreRun[];
  /** The runs before the last score, to show how an edit moved the credit. */
  previousRuns: ScoreRun[];
  /** Bumped when a whole view is restored, so a score that started before it does not overwrite it. */
  viewVersion: number;
  /** The text the runs were made from, and the trace (steps, truth) they scored. */
  scoredText: string;
  scoredTrace: Trace | null;
  error: WorkbenchError | null;
  notices: string[];
  init: (search: string) => Promise<void>;
  setText: (text: string) => void;
  /** Puts a gallery trace on the page, with its precomputed scores when there are some (live scores follow). */
  loadExample: (item: GalleryItem) => Promise<void>;
  /** Shows an imported view: its trace in the editor and its runs as they were exported. */
  restoreView: (trace: Trace, runs: ScoreRun[]) => void;
  /** Traces with scores computed elsewhere (io/importedScores.ts); their runs stay beside live ones while the text is theirs. */
  imported: ImportedTrace[];
  setImported: (traces: ImportedTrace[]) => void;
  showImported: (index: number) => void;
  setProblem: (problem: string) => void;
  setSelected: (ids: string[]) => Promise<void>;
  setBackend: (backend: BackendChoice) => void;
  addLocalModel: (source: Extract<SourceSpec, { kind: 'files' }>, card?: WorkbenchCard) => void;
  /** Adds a served model's row (and picks it, scoring the trace, unless `pick` is false). */
  addEngineModel: (source: Extract<SourceSpec, { kind: 'engine' }>, entry: ModelIndexEntry, pick?: boolean) => void;
  dismissError: () => void;
  dismissNotice: (i: number) => void;
  score: () => Promise<void>;
  /** Adds a model to the selection (if it is not there) and scores. */
  scoreWith: (id: string) => Promise<void>;
  /** Ends a model's worker, frees its memory and takes it off the page. */
  unload: (id: string) => void;
  /** True while the runs on the page were computed ahead of time (gallery), before live scoring replaces them. */
  precomputed: boolean;
}

const modelsUrl = () => new URL('models/', document.baseURI).href;

/** What a first visit scores the sample trace with. */
const WELCOME_MODELS = ['arith-qrm', 'arith-policy', 'arith-policy-ref'];

/** Copies a controller's load progress and placement into the store. */
function refreshModel(id: string): void {
  const c = liveControllers().get(id);
  if (!c) return;
  useWorkbench.setState((s) => ({
    loaded: { ...s.loaded, [id]: { info: c.info, placement: c.placement, progress: c.progress, error: null } },
    // A served model's role and method are known once its card has come from the engine (a critic joins CAPO's list).
    models:
      s.engineSources[id] && c.info
        ? s.models.map((m) => (m.id === id && c.info ? { ...m, role: c.info.card.role, method: c.info.card.method } : m))
        : s.models,
  }));
}

/** A model whose load failed: no progress or placement is left on show, only the reason. */
function markFailed(id: string, error: string): void {
  useWorkbench.setState((s) => ({ loaded: { ...s.loaded, [id]: { info: null, placement: null, progress: null, error } } }));
}

/** What a model's controller is made from: its files, the page's backend choice, and where its notices go. */
export function controllerSetup(id: string): ControllerSetup {
  const s = useWorkbench.getState();
  return {
    source: s.localSources[id] ?? s.engineSources[id] ?? { kind: 'served', modelsUrl: modelsUrl(), id },
    choice: s.backend,
    webgpu: s.webgpu ?? { available: false, reason: 'not checked yet' },
    card: s.userCards[id],
    // Models side by side share the cores, so their workers do not oversubscribe the CPU.
    threads: () => Math.max(1, Math.floor((navigator.hardwareConcurrency || 1) / Math.max(1, useWorkbench.getState().selected.length))),
    events: {
      notice: (message: string) => useWorkbench.setState((st) => ({ notices: [...st.notices, message] })),
      changed: () => refreshModel(id),
    },
  };
}

/** The controller of a model, made on first use. */
export const modelController = (id: string) => controllerFor(id, () => controllerSetup(id));

/** Scores traces with the given models of the page; their load state is copied into the store afterwards. */
export async function scoreWithModels(ids: readonly string[], traces: Trace[], started?: () => void) {
  const scored = await scoreModels(ids, traces, {
    truncation: useWorkbench.getState().longTraces,
    controller: modelController,
    isCritic: (id) => useWorkbench.getState().models.find((m) => m.id === id)?.method === 'capo-critic',
    started,
  });
  ids.forEach(refreshModel);
  // A model that did not load (not a worker that crashed mid-score: it restarts) carries its reason everywhere.
  for (const f of scored.failed) if (!liveControllers().get(f.id)?.info) markFailed(f.id, `${f.error.message} ${f.error.hint}`);
  return scored;
}

/** The trace on the page, as the runtime reads it. */
export const currentTrace = () => {
  const { problem, text, example, scoredTrace } = useWorkbench.getState();
  // A trace that came with its own steps (an import) keeps them while its text is unchanged.
  if (scoredTrace && scoredTrace.source !== 'typed' && scoredTrace.problem === problem && scoredTrace.response === text) return scoredTrace;
  return traceFromText('typed', problem, text, example);
};

/** The gallery item whose trace is on the page, if the text is still exactly that. */
/** The models a picker lists: test models only when asked for, or when already picked. */
export const pickableModels = (models: readonly ModelIndexEntry[], selected: readonly string[], showTest: boolean): ModelIndexEntry[] =>
  models.filter((m) => !m.test || showTest || selected.includes(m.id));

export const galleryMatch = (problem: string, text: string) =>
  GALLERY.find((g) => g.trace.problem === problem && g.trace.response === text) ?? null;

/** Whether a run stays on the page with these models picked: its own model's, or the implicit PRM of a policy and reference both still picked. */
function keepsRun(runModelId: string, ids: readonly string[]): boolean {
  return runModelId.split(' ÷ ').every((part) => ids.includes(part));
}

/** How many scores were started; only the latest may put its rows on the page. */
let scoreCalls = 0;

/**
 * Parts of the link that other stores own (Compare's pair): each writes its fields with the view, and reads them once
 * when the page starts from a link. Registered by the owning store, so this store needs to know none of them.
 */
export interface LinkPart {
  write: () => Promise<Partial<UrlState>>;
  read: (link: UrlState) => Promise<void>;
}
const linkParts: LinkPart[] = [];
export const addLinkPart = (part: LinkPart) => void linkParts.push(part);

/** Set while the page follows Back or Forward, so that following it writes no new history entry. */
let followingHistory = false;

/** Set when a trace was opened (an example, a dataset's trace): the next link written is a history entry of its own. */
let openedTrace = false;

/**
 * Writes the view into the URL (models, backend, and the trace: a gallery id, or the text packed when short) and
 * keeps the session in IndexedDB, so a copied link or a reload shows the same view. Another view or an opened trace
 * (an example, a dataset's trace) is a new history entry that Back returns to; anything else, typing included,
 * replaces the current entry.
 */
export async function syncView(): Promise<void> {
  const { selected, backend, problem, text } = useWorkbench.getState();
  const url = new URL(window.location.href);
  const item = galleryMatch(problem, text);
  const packed = item ? null : await encodeTraceParam(problem, text);
  const { view, palette, normalization, stretch, focus } = useDisplay.getState();
  const { lesson, part, n, noise, zeta, present } = useTeach.getState();
  const extra = Object.assign({}, ...(await Promise.all(linkParts.map((p) => p.write())))) as Partial<UrlState>;
  writeUrlState(url, {
    ...{ view, palette, normalization, stretch, focus, lesson, part, n, noise, zeta, present },
    models: selected,
    backend,
    example: item?.id ?? null,
    trace: packed,
    pair: null,
    served: [],
    ...extra,
  });
  // Typing is not a step back; another view or an opened trace is.
  const step =
    !followingHistory && (openedTrace || new URLSearchParams(window.location.search).get('view') !== url.searchParams.get('view'));
  openedTrace = false;
  if (url.href !== window.location.href) {
    if (step) window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }
  await saveSession({ problem, text, selected, backend, served: extra.served ?? [] });
}

/**
 * Shows the precomputed runs of the gallery trace on the page for the selected models, if there are any; true when
 * it did (live scoring should follow).
 */
async function showPrecomputed(starting = false): Promise<boolean> {
  const before = useWorkbench.getState();
  // Only a gallery trace has precomputed scores (init may have started the fetch already).
  if (!galleryMatch(before.problem, before.text)) return false;
  const all = await fetchGalleryRuns(modelsUrl());
  const s = useWorkbench.getState();
  const item = galleryMatch(s.problem, s.text);
  const runs = all && item ? precomputedFor(all, item.id, s.selected).map((run) => atUserTau(run)) : [];
  if (!runs.length || (s.status !== 'idle' && !starting)) return false;
  useWorkbench.setState({ runs, previousRuns: [], precomputed: true, scoredText: s.text, scoredTrace: currentTrace() });
  return true;
}

// A τ the user changes re-reads the runs on the page (and the ones an edit compares against).
onStepTausChange((byModel) =>
  useWorkbench.setState((s) => ({
    runs: s.runs.map((r) => atUserTau(r, byModel)),
    previousRuns: s.previousRuns.map((r) => atUserTau(r, byModel)),
  })),
);

/**
 * Back and Forward inside the app: the view and the trace of the history entry come back (the trace is scored again
 * when the page had scores). Models, colours and settings stay as they are.
 */
export async function followHistory(search: string): Promise<void> {
  const link = readUrlState(new URLSearchParams(search));
  followingHistory = true;
  try {
    if (useDisplay.getState().view !== link.view) useDisplay.getState().set({ view: link.view });
    const s = useWorkbench.getState();
    const wanted = await initialTrace(link, null);
    if (wanted && (wanted.problem !== s.problem || wanted.text !== s.text)) {
      const item = GALLERY.find((g) => g.id === link.example);
      if (item) await s.loadExample(item);
      else {
        useWorkbench.setState({ problem: wanted.problem, text: wanted.text, example: null });
        if (s.runs.length) void useWorkbench.getState().score();
      }
    }
  } finally {
    followingHistory = false;
  }
}

/** The trace a link or the saved session asks for; null to keep the sample. */
async function initialTrace(link: UrlState, saved: SavedSession | null): Promise<{ problem: string; text: string } | null> {
  const example = GALLERY.find((g) => g.id === link.example);
  if (example) return { problem: example.trace.problem, text: example.trace.response };
  const packed = link.trace;
  const decoded = packed ? await decodeTraceParam(packed) : null;
  if (decoded) return { problem: decoded.problem, text: decoded.response };
  return saved ? { problem: saved.problem, text: saved.text } : null;
}

export const useWorkbench = create<WorkbenchState>()((set, get) => {
  const forget = (ids: string[]) =>
    set((s) => ({ loaded: Object.fromEntries(Object.entries(s.loaded).filter(([id]) => !ids.includes(id))) }));

  return {
    models: [],
    localSources: {},
    engineSources: {},
    userCards: {},
    selected: [],
    showTestModels: false,
    setShowTestModels: (show) => set({ showTestModels: show }),
    backend: 'auto',
    longTraces: 'skip',
    setLongTraces: (longTraces) => set({ longTraces }),
    problem: SAMPLE_PROBLEM,
    text: SAMPLE_TRACE,
    example: SAMPLE.problem,
    webgpu: null,
    status: 'starting',
    loaded: {},
    runs: [],
    previousRuns: [],
    viewVersion: 0,
    precomputed: false,
    scoredText: '',
    scoredTrace: null,
    error: null,
    notices: [],

    async init(search) {
      const params = new URLSearchParams(search);
      const link = readUrlState(params);
      // What the page shows while it starts; a trace the person picks or types meanwhile wins over the start trace.
      const untouched = { problem: get().problem, text: get().text };
      // The adapter, the session and the model list are asked for at once: the first screen waits for the slowest only.
      const webgpuAsked = detectWebGpu();
      const indexAsked = fetch(new URL('index.json', modelsUrl()));
      indexAsked.catch(() => undefined); // its failure is reported below, where it is awaited
      // A link decides the view; without one, the last session on this browser does.
      const fromLink = linkNamesView(params);
      // A gallery trace, the first visit's sample among them, paints from precomputed scores: unless the link carries
      // a typed trace, fetch them while the session and the rest start.
      if (!link.trace) void fetchGalleryRuns(modelsUrl());
      const saved = fromLink ? null : await loadSession();
      await loadStepTaus();
      // Without a link, the served models of the last session come back (a link names its own).
      for (const part of linkParts) await part.read(fromLink ? link : { ...link, served: saved?.served ?? [] });
      const start = await initialTrace(link, saved);
      const startTrace = start ?? untouched;
      const webgpu = await webgpuAsked;
      const wantBackend = link.backend ?? saved?.backend ?? null;
      const backend: BackendChoice =
        wantBackend === 'wasm' || (wantBackend === 'webgpu' && webgpu.available) ? wantBackend : webgpu.available ? 'auto' : 'wasm';
      let models: ModelIndexEntry[] = [];
      let error: WorkbenchError | null = null;
      try {
        const response = await indexAsked;
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        models = parseModelIndex(await response.json()).models;
      } catch (e) {
        error = {
          code: 'model-file-missing',
          message: `The model list (models/index.json) could not be read: ${e instanceof Error ? e.message : String(e)}.`,
          hint: 'Run `npm run make-models`, then reload.',
        };
      }
      // The oracle critic needs no files, so it is offered even when the model list is missing; served models a link
      // named were added by its link part.
      const servedEntries = get().models.filter((m) => get().engineSources[m.id]);
      models = [...models, ORACLE_ENTRY, ...servedEntries];
      const { view, palette, normalization, focus, lesson, part, n, noise, zeta, present } = link;
      useDisplay.getState().set({ view, palette, normalization, focus });
      useTeach.getState().set({ lesson, part, n, noise, zeta, present });
      const wanted = params.has('models') || params.has('model') ? link.models : (saved?.selected ?? []);
      const known = wanted.filter((id) => models.some((m) => m.id === id));
      // A first visit shows credit from models that have learnt something: Q-RM, and the policy with its reference
      // (which together give the implicit PRM).
      const welcome = WELCOME_MODELS.filter((id) => models.some((m) => m.id === id));
      const selected = known.length
        ? known
        : welcome.length
          ? welcome
          : models
              .slice(0, 1)
              .filter((m) => m.id !== ORACLE)
              .map((m) => m.id);
      const unknown = wanted.filter((id) => !known.includes(id));
      if (unknown.length) {
        error = {
          code: 'unknown-model',
          message: `There is no model "${unknown.join('", "')}".`,
          hint: `Pick one of: ${models.map((m) => m.id).join(', ') || '(none)'}. Showing ${selected.join(', ') || 'nothing'} instead.`,
        };
      }
      if (wantBackend === 'webgpu' && !webgpu.available && !error) {
        error = { code: 'webgpu-unavailable', message: 'The link asked for WebGPU, which this browser cannot use.', hint: webgpu.reason };
      }
      const now = get();
      const edited = now.problem !== untouched.problem || now.text !== untouched.text;
      const shown = edited ? { problem: now.problem, text: now.text } : startTrace;
      const example = edited ? now.example : (GALLERY.find((g) => g.trace.problem === shown.problem)?.problem ?? null);
      // The first screen already shows credit on the trace (unless the link itself needs a word first): scores
      // computed ahead of time for a gallery trace at once, then live ones from the workers.
      // The benchmark page (`?bench`) measures the models itself; a welcome score would compete for the cores.
      const scoreNow = !error && selected.length > 0 && !params.has('bench');
      set({
        models,
        selected,
        // A link that names a test model is working with test models: they stay listed when it is unticked.
        showTestModels: selected.some((id) => models.some((m) => m.id === id && m.test)),
        backend,
        webgpu,
        error,
        status: scoreNow ? 'loading' : 'idle',
        problem: shown.problem,
        text: shown.text,
        example,
      });
      if (scoreNow) {
        await showPrecomputed(true);
        void get().score();
      }
    },

    setText: (text) => set({ text }),
    imported: [],
    setImported(traces) {
      set({ imported: traces });
      if (traces.length) get().showImported(0);
    },
    showImported(index) {
      const item = get().imported[index];
      if (item) get().restoreView(item.trace, item.runs);
    },
    restoreView: (trace, runs) => {
      openedTrace = true;
      set({
        viewVersion: get().viewVersion + 1,
        problem: trace.problem,
        text: trace.response,
        example: null,
        runs,
        precomputed: false,
        scoredText: trace.response,
        scoredTrace: trace,
        error: null,
      });
    },
    async loadExample(item) {
      if (!followingHistory) openedTrace = true;
      set({ problem: item.trace.problem, text: item.trace.response, example: item.problem });
      if (await showPrecomputed()) void get().score();
    },
    setProblem: (problem) => set({ problem }),

    async setSelected(ids) {
      const before = get().selected;
      const dropped = before.filter((id) => !ids.includes(id));
      dropped.forEach(dropController);
      forget(dropped);
      set((s) => ({ selected: ids, error: null, runs: s.runs.filter((r) => r.device === IMPORTED_DEVICE || keepsRun(r.modelId, ids)) }));
      void syncView();
      // A model or preset picked is a request to see its credit: it scores the trace as soon as it has loaded.
      if (ids.some((id) => !before.includes(id))) await get().score();
    },

    setBackend(backend) {
      if (backend === get().backend) return;
      dropAllControllers();
      set({ backend, loaded: {}, error: null });
      void syncView();
    },

    addLocalModel(source, card) {
      dropController(source.id);
      set((s) => ({
        localSources: { ...s.localSources, [source.id]: source },
        userCards: card ? { ...s.userCards, [source.id]: card } : s.userCards,
        models: s.models.some((m) => m.id === source.id)
          ? s.models
          : [...s.models, { id: source.id, name: `${source.label} (local)`, role: card?.role ?? 'reward', method: card?.method ?? null }],
      }));
      get().setSelected([...get().selected.filter((id) => id !== source.id), source.id]);
    },

    addEngineModel(source, entry, pick = true) {
      dropController(source.id);
      set((s) => ({
        engineSources: { ...s.engineSources, [source.id]: source },
        models: [...s.models.filter((m) => m.id !== source.id), entry],
      }));
      if (pick) void get().setSelected([...get().selected.filter((id) => id !== source.id), source.id]);
    },

    dismissError: () => set({ error: null }),
    dismissNotice: (i) => set((s) => ({ notices: s.notices.filter((_, k) => k !== i) })),

    async score() {
      const { selected, text, viewVersion } = get();
      if (!selected.length) return;
      if (!text.trim()) {
        set({
          error: {
            code: 'input-invalid',
            message: 'The response is empty: there is nothing to score.',
            hint: 'Type or paste a response, pick an example, or sample one from a policy.',
          },
        });
        return;
      }
      // The controls stay usable while a score runs: a newer score (another pick, an edit) supersedes this one.
      const mine = ++scoreCalls;
      set({ error: null, status: 'loading' });
      const trace = currentTrace();
      const scored = await scoreWithModels(selected, [trace], () => mine === scoreCalls && set({ status: 'scoring' }));
      if (mine !== scoreCalls) return;
      if (get().viewVersion !== viewVersion) {
        set({ status: 'idle' });
        return;
      }
      // A model unpicked while this score ran is no longer wanted: neither its row nor its error is shown.
      const picked = get().selected;
      const failed = scored.failed.filter((f) => picked.includes(f.id));
      // Scores imported for this very text stay beside the live ones.
      const imported = get().scoredText === text ? get().runs.filter((r) => r.device === IMPORTED_DEVICE) : [];
      const runs = [...imported, ...scored.runs[0].filter((r) => keepsRun(r.modelId, picked))];
      if (runs.length === imported.length && failed.length) {
        // No model could score the new text: the rows of the last score stay, and the error says so.
        set({ notices: [...get().notices, ...scored.notices], status: 'idle', error: failureError(failed, get().runs.length > 0) });
        return;
      }
      set({
        runs,
        notices: [...get().notices, ...scored.notices],
        previousRuns: get().precomputed ? [] : get().runs,
        scoredText: text,
        scoredTrace: trace,
        status: 'idle',
        precomputed: false,
        error: failureError(failed, false),
      });
    },

    unload: (id) => get().setSelected(get().selected.filter((s) => s !== id)),

    async scoreWith(id) {
      if (!get().selected.includes(id)) await get().setSelected([...get().selected, id]);
      else await get().score();
    },
  };
});
