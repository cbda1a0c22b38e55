import { describe, expect, it } from 'vitest';
import { DEFAULT_DISPLAY, displayParams, readDisplayParams, type Display } from './display';

const roundTrip = (d: Display) => readDisplayParams(new URLSearchParams(displayParams(d)));

describe('display in the URL', () => {
  it('round-trips every field', () => {
    const d: Display = { view: 'compare', palette: 'PuOr', normalization: 'z-score', focus: { model: 'arith-qrm', token: 17 } };
    expect(roundTrip(d)).toEqual(d);
    expect(displayParams(d)).toEqual([
      ['view', 'compare'],
      ['palette', 'PuOr'],
      ['norm', 'z-score'],
      ['token', 'arith-qrm:17'],
    ]);
  });

  it('leaves defaults out of the link and reads them back', () => {
    expect(displayParams(DEFAULT_DISPLAY)).toEqual([]);
    expect(roundTrip(DEFAULT_DISPLAY)).toEqual(DEFAULT_DISPLAY);
  });

  it('keeps a model id with colons and ignores unknown values', () => {
    const d = readDisplayParams(new URLSearchParams('view=teapot&palette=jet&norm=log&token=local:model:3'));
    expect(d).toEqual({ ...DEFAULT_DISPLAY, focus: { model: 'local:model', token: 3 } });
    expect(readDisplayParams(new URLSearchParams('token=arith-qrm:x')).focus).toBeNull();
  });
});
