/**
 * Everything a link carries, declared once (TensorFlow Playground style): each field's URL key, how it is read and
 * written, and its default. Defaults are left out of links to keep them short; a value a link gets wrong falls back
 * to its default. The lesson settings are written only while the Teach view is open.
 */
import { NORMALIZATIONS, type Normalization } from '../domain/normalize';
import { PALETTES, type Palette } from '../domain/palette';
import { LESSONS } from '../teach/lessons';
import { DEFAULT_DISPLAY, VIEWS, type Display, type Focus, type View } from './display';
import { DEFAULT_TEACH, PARTS, type TeachParams } from './teach';

export interface UrlState extends Display, TeachParams {
  /** The picked models' ids. */
  models: string[];
  /** The backend a link asks for; the page checks it against what the browser offers. */
  backend: string | null;
  /** A gallery trace's id, or the typed trace packed into the URL (see urlTrace.ts). */
  example: string | null;
  trace: string | null;
  /** Compare's chosen and rejected answers, packed like a trace (see urlTrace.ts); null when empty or too long. */
  pair: string | null;
  /** The served models the picked ids name: engine URL, model and head preset, never a key (state/servedModels.ts). */
  served: ServedRef[];
}

export interface ServedRef {
  baseUrl: string;
  model: string;
  /** A head preset's id, or ENGINE_CARD when the engine hands out the model's card (`npm run serve`). */
  preset: string;
}

export const ENGINE_CARD = 'engine-card';

/** One served model in a link: its parts URI-encoded (so neither "|" nor "," is left in them) and joined by "|". */
const packServed = (r: ServedRef) => [r.baseUrl, r.model, r.preset].map(encodeURIComponent).join('|');
function unpackServed(raw: string): ServedRef | null {
  const parts = raw.split('|');
  if (parts.length !== 3) return null;
  try {
    const [baseUrl, model, preset] = parts.map(decodeURIComponent);
    return /^https?:\/\//.test(baseUrl) && model ? { baseUrl, model, preset } : null;
  } catch {
    return null;
  }
}

export const DEFAULT_URL_STATE: UrlState = {
  ...DEFAULT_DISPLAY,
  ...DEFAULT_TEACH,
  models: [],
  backend: null,
  example: null,
  trace: null,
  pair: null,
  served: [],
};

interface Field<K extends keyof UrlState> {
  name: K;
  key: string;
  /** The value a link gives, or undefined when it gives none (or one that makes no sense). */
  read: (raw: string) => UrlState[K] | undefined;
  /** The value as written in a link, or null to leave it out. */
  write: (value: UrlState[K], state: UrlState) => string | null;
}

const field = <K extends keyof UrlState>(f: Field<K>) => f as unknown as Field<keyof UrlState>;
const oneOf =
  <T extends string>(options: readonly T[]) =>
  (raw: string): T | undefined =>
    options.find((o) => o === raw);
const unlessDefault =
  <K extends keyof UrlState>(name: K, show: (v: UrlState[K]) => string = String) =>
  (value: UrlState[K]) =>
    value === DEFAULT_URL_STATE[name] ? null : show(value);
const inTeach = (state: UrlState) => state.view === 'teach';
/** A number from a link, clamped to its range; NaN and text fall back to the default. */
const clamped = (lo: number, hi: number, round: boolean) => (raw: string) => {
  const v = Number(raw);
  if (!Number.isFinite(v)) return undefined;
  const c = Math.min(hi, Math.max(lo, v));
  return round ? Math.round(c) : c;
};
const teachNumber = <K extends 'n' | 'noise' | 'zeta'>(name: K, lo: number, hi: number, round = false) =>
  field({
    name,
    key: name,
    read: clamped(lo, hi, round) as (raw: string) => UrlState[K] | undefined,
    write: (v, s) => (inTeach(s) ? unlessDefault(name)(v) : null),
  });

/** The link's fields, in the order they are written. */
export const URL_FIELDS: readonly Field<keyof UrlState>[] = [
  field({ name: 'models', key: 'models', read: (raw) => raw.split(',').filter(Boolean), write: (ids) => ids.join(',') }),
  field({ name: 'backend', key: 'backend', read: (raw) => raw, write: (b) => b }),
  field({ name: 'view', key: 'view', read: oneOf<View>(VIEWS), write: unlessDefault('view') }),
  field({ name: 'palette', key: 'palette', read: oneOf<Palette>(PALETTES), write: unlessDefault('palette') }),
  field({ name: 'normalization', key: 'norm', read: oneOf<Normalization>(NORMALIZATIONS), write: unlessDefault('normalization') }),
  field({ name: 'stretch', key: 'stretch', read: (raw) => raw === '1', write: (v) => (v ? '1' : null) }),
  field({
    name: 'focus',
    key: 'token',
    read: (raw): Focus | undefined => {
      const m = /^(.+):(\d+)$/.exec(raw);
      return m ? { model: m[1], token: Number(m[2]) } : undefined;
    },
    write: (f) => (f ? `${f.model}:${f.token}` : null),
  }),
  // Lessons and parts count from 1 in a link, as a teacher says them.
  field({
    name: 'lesson',
    key: 'lesson',
    read: (raw) => {
      const v = clamped(1, LESSONS.length, true)(raw);
      return v === undefined ? undefined : v - 1;
    },
    write: (v, s) => (inTeach(s) ? String(v + 1) : null),
  }),
  field({
    name: 'part',
    key: 'part',
    read: (raw) => {
      const v = clamped(1, PARTS, true)(raw);
      return v === undefined ? undefined : v - 1;
    },
    write: (v, s) => (inTeach(s) ? String(v + 1) : null),
  }),
  teachNumber('n', 1, 32, true),
  teachNumber('noise', 0, 0.5),
  teachNumber('zeta', 0, 8),
  field({ name: 'present', key: 'present', read: (raw) => raw === '1', write: (p, s) => (inTeach(s) && p ? '1' : null) }),
  field({ name: 'example', key: 'example', read: (raw) => raw, write: (id) => id }),
  field({ name: 'trace', key: 'trace', read: (raw) => raw, write: (packed, s) => (s.example ? null : packed) }),
  field({ name: 'pair', key: 'pair', read: (raw) => raw, write: (packed) => packed }),
  field({
    name: 'served',
    key: 'served',
    read: (raw) => raw.split(',').flatMap((r) => unpackServed(r) ?? []),
    write: (refs) => (refs.length ? refs.map(packServed).join(',') : null),
  }),
];

/** Keys links once used, still read: `model` for `models`. */
const OLD_KEYS: Partial<Record<keyof UrlState, string>> = { models: 'model' };

/** What a link says, every field at its default where the link says nothing usable. */
export function readUrlState(params: URLSearchParams): UrlState {
  const state: Record<string, unknown> = { ...DEFAULT_URL_STATE };
  for (const f of URL_FIELDS) {
    const old = OLD_KEYS[f.name];
    const raw = params.get(f.key) ?? (old ? params.get(old) : null);
    const value = raw === null ? undefined : f.read(raw);
    if (value !== undefined) state[f.name] = value;
  }
  return state as unknown as UrlState;
}

/** Whether a link names what to show (models or a trace); without one, the last session decides. */
export const linkNamesView = (params: URLSearchParams): boolean =>
  ['models', 'example', 'trace', ...Object.values(OLD_KEYS)].some((k) => params.has(k));

/** The state as URL parameters, in field order; `only` limits them to some fields. */
export function urlParams(state: UrlState, only?: readonly (keyof UrlState)[]): [string, string][] {
  return URL_FIELDS.filter((f) => !only || only.includes(f.name)).flatMap((f) => {
    const v = f.write(state[f.name], state);
    return v === null ? [] : [[f.key, v] as [string, string]];
  });
}

/** Writes the state into `url`, replacing every key this list owns and keeping any other. */
export function writeUrlState(url: URL, state: UrlState): void {
  for (const f of URL_FIELDS) url.searchParams.delete(f.key);
  for (const old of Object.values(OLD_KEYS)) url.searchParams.delete(old);
  for (const [k, v] of urlParams(state)) url.searchParams.set(k, v);
}
