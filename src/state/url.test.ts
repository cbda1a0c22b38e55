import { describe, expect, it } from 'vitest';
import { LESSONS } from '../teach/lessons';
import { DEFAULT_DISPLAY, type Display } from './display';
import { DEFAULT_TEACH, type TeachParams } from './teach';
import { DEFAULT_URL_STATE, linkNamesView, readUrlState, urlParams, writeUrlState, type UrlState } from './url';

const DISPLAY_FIELDS = ['view', 'palette', 'normalization', 'stretch', 'focus'] as const;
const TEACH_FIELDS = ['lesson', 'part', 'n', 'noise', 'zeta', 'present'] as const;
const displayOf = (s: UrlState): Display => ({
  view: s.view,
  palette: s.palette,
  normalization: s.normalization,
  stretch: s.stretch,
  focus: s.focus,
});
const teachOf = (s: UrlState): TeachParams => ({
  lesson: s.lesson,
  part: s.part,
  n: s.n,
  noise: s.noise,
  zeta: s.zeta,
  present: s.present,
});
const read = (query: string) => readUrlState(new URLSearchParams(query));
const roundTrip = (s: UrlState) => readUrlState(new URLSearchParams(urlParams(s)));

describe('the link: one declared list of URL state', () => {
  it('round-trips every field at once, and the defaults', () => {
    const s: UrlState = {
      view: 'teach',
      palette: 'PuOr',
      normalization: 'z-score',
      stretch: true,
      focus: { model: 'arith-qrm', token: 17 },
      lesson: 4,
      part: 2,
      n: 8,
      noise: 0.2,
      zeta: 2.5,
      present: true,
      models: ['arith-qrm', 'arith-policy'],
      backend: 'wasm',
      example: null,
      trace: 'packed-text',
      pair: 'packed-pair',
      served: [
        { baseUrl: 'http://gpu-box:8000', model: 'Qwen/Qwen2.5-Math-PRM-7B', preset: 'two-class-at-tag' },
        { baseUrl: 'https://x.example/a,b~c', model: 'odd~name,with commas', preset: 'engine-card' },
      ],
    };
    expect(roundTrip(s)).toEqual(s);
    // A served entry that is not engine|model|preset, or whose URL is not http(s), is dropped; the rest are kept.
    expect(read('served=ftp%253A%252F%252Fx|m|p,http%253A%252F%252Fa%253A1|m|p,broken').served).toEqual([
      { baseUrl: 'http://a:1', model: 'm', preset: 'p' },
    ]);
    expect(roundTrip({ ...s, example: 'slip-1' })).toEqual({ ...s, example: 'slip-1', trace: null });
    expect(roundTrip({ ...DEFAULT_URL_STATE, backend: 'auto' })).toEqual({ ...DEFAULT_URL_STATE, backend: 'auto' });
  });

  it('writes the display, leaving defaults out', () => {
    const d: Display = {
      view: 'compare',
      palette: 'PuOr',
      normalization: 'z-score',
      stretch: true,
      focus: { model: 'arith-qrm', token: 17 },
    };
    expect(urlParams({ ...DEFAULT_URL_STATE, ...d }, DISPLAY_FIELDS)).toEqual([
      ['view', 'compare'],
      ['palette', 'PuOr'],
      ['norm', 'z-score'],
      ['stretch', '1'],
      ['token', 'arith-qrm:17'],
    ]);
    expect(urlParams({ ...DEFAULT_URL_STATE, ...DEFAULT_DISPLAY }, DISPLAY_FIELDS)).toEqual([]);
    expect(displayOf(roundTrip({ ...DEFAULT_URL_STATE, ...d }))).toEqual(d);
  });

  it('keeps a model id with colons and ignores unknown display values', () => {
    expect(displayOf(read('view=teapot&palette=jet&norm=log&token=local:model:3'))).toEqual({
      ...DEFAULT_DISPLAY,
      focus: { model: 'local:model', token: 3 },
    });
    expect(read('token=arith-qrm:x').focus).toBeNull();
  });

  it('counts lessons and parts from 1, and writes the lesson only in the Teach view', () => {
    const t: TeachParams = { lesson: 4, part: 2, n: 12, noise: 0.3, zeta: 2.5, present: true };
    const inTeach = { ...DEFAULT_URL_STATE, view: 'teach' as const, ...t };
    expect(new URLSearchParams(urlParams(inTeach, TEACH_FIELDS)).toString()).toBe('lesson=5&part=3&n=12&zeta=2.5&present=1');
    expect(urlParams({ ...inTeach, view: 'inspect' }, TEACH_FIELDS)).toEqual([]);
    expect(teachOf(roundTrip({ ...inTeach, view: 'teach', ...DEFAULT_TEACH }))).toEqual(DEFAULT_TEACH);
  });

  it('clamps lesson settings out of range and ignores what is not a number', () => {
    expect(teachOf(read('lesson=99&part=0&n=1000&noise=x&zeta=-3'))).toEqual({
      ...DEFAULT_TEACH,
      lesson: LESSONS.length - 1,
      part: 0,
      n: 32,
      zeta: 0,
    });
  });

  it('reads the old `model` key, and replaces only its own keys when writing', () => {
    expect(read('model=a,b').models).toEqual(['a', 'b']);
    expect(linkNamesView(new URLSearchParams('model=a'))).toBe(true);
    expect(linkNamesView(new URLSearchParams('view=teach'))).toBe(false);
    const url = new URL('http://x/?bench=1&model=old&view=compare&lesson=3');
    writeUrlState(url, { ...DEFAULT_URL_STATE, models: ['arith-qrm'], backend: 'auto' });
    expect(url.search).toBe('?bench=1&models=arith-qrm&backend=auto');
  });
});
