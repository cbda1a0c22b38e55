/** The recipe's command-line changes to the critic's and the -vhead models' stages (their learning curves). */
import { describe, expect, it } from 'vitest';
import { FULL, recipeFromArgs, SMOKE } from './recipe';

describe('recipeFromArgs', () => {
  it('picks the smoke or the full recipe, and the shipped critic stage is unchanged without flags', () => {
    expect(recipeFromArgs(['--smoke'])).toEqual(SMOKE);
    expect(recipeFromArgs([])).toEqual(FULL);
    expect(recipeFromArgs(['--simd'])).toEqual({ ...FULL, simd: true });
    expect(FULL.critic).toEqual({ steps: 3000, batch: 16, lr: 1e-3, validateEvery: 0, wrongOdds: 8 });
  });

  it('sets the critic’s steps, learning rate, validation interval, class weight and a larger size from flags', () => {
    const r = recipeFromArgs([
      '--critic-steps',
      '6000',
      '--critic-every',
      '200',
      '--critic-lr',
      '3e-4',
      '--critic-width',
      '128',
      '--critic-layers',
      '5',
      '--critic-wrong-odds',
      '3',
    ]);
    expect(r.critic).toEqual({
      steps: 6000,
      batch: 16,
      lr: 3e-4,
      validateEvery: 200,
      wrongOdds: 3,
      size: { nEmbd: 128, nLayer: 5, nHead: FULL.model.nHead },
    });
    expect(() => recipeFromArgs(['--critic-steps', 'many'])).toThrow(/--critic-steps needs a number/);
  });

  it('sets the -vhead models’ steps and validation interval from flags, and leaves them to their counterparts without', () => {
    expect(recipeFromArgs(['--vhead-steps', '3000', '--vhead-every', '150']).vhead).toEqual({
      lr: FULL.vhead.lr,
      steps: 3000,
      evalEvery: 150,
    });
    expect(FULL.vhead).toEqual({ lr: 1e-3 });
  });
});
