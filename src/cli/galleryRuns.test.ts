import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GALLERY } from '../state/gallery';
import { GALLERY_RUNS_FILE, precomputedFor, type GalleryRuns } from '../state/galleryRuns';
import { computeGalleryRuns } from './galleryRuns';

const shipped = JSON.parse(readFileSync(`models/${GALLERY_RUNS_FILE}`, 'utf8')) as GalleryRuns;

const close = (a: readonly (number | null)[] | null, b: readonly (number | null)[] | null) => {
  expect(a?.length).toBe(b?.length);
  (a ?? []).forEach((v, i) => {
    const w = (b ?? [])[i];
    if (v === null || w === null) expect(v).toBe(w);
    else expect(Math.abs(v - w)).toBeLessThan(1e-4);
  });
};

describe('precomputed gallery scores', () => {
  it('match what the shipped models compute now (else run `npm run gallery:runs`)', async () => {
    const fresh = await computeGalleryRuns('models');
    expect(shipped.models).toEqual(fresh.models);
    expect(Object.keys(shipped.items)).toEqual(GALLERY.map((g) => g.id));
    for (const g of GALLERY) {
      const [old, now] = [shipped.items[g.id], fresh.items[g.id]];
      expect(old.map((r) => `${r.modelId}|${r.method}`)).toEqual(now.map((r) => `${r.modelId}|${r.method}`));
      old.forEach((r, k) => {
        expect(r.traceId).toBe(g.trace.id);
        expect(r.tokens).toEqual(now[k].tokens);
        close(r.tokenScores, now[k].tokenScores);
        close(r.stepScores, now[k].stepScores);
        close([r.traceScore], [now[k].traceScore]);
      });
    }
  });

  it('picks the selected models in their order, and the implicit PRM only with both its models', () => {
    const id = GALLERY[0].id;
    expect(precomputedFor(shipped, id, ['arith-pqm', 'arith-qrm', 'nope']).map((r) => r.modelId)).toEqual(['arith-pqm', 'arith-qrm']);
    expect(precomputedFor(shipped, id, ['arith-policy']).map((r) => r.method)).toEqual(['logprob']);
    expect(precomputedFor(shipped, id, ['arith-policy', 'arith-policy-ref']).map((r) => r.method)).toEqual([
      'logprob',
      'logprob',
      'implicit-prm',
    ]);
    expect(precomputedFor(shipped, 'unknown', ['arith-qrm'])).toEqual([]);
    // A DPO model's run is its own implicit PRM: picked once, under its own id.
    expect(precomputedFor(shipped, id, ['arith-dpo']).map((r) => `${r.modelId}|${r.method}`)).toEqual(['arith-dpo|implicit-prm']);
  });
});
