import { paramShapes, type ModelConfig, type Weights } from './config';

/** mulberry32: a tiny seeded PRNG, so shipped random models are reproducible byte for byte. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
}

/** GPT-2 initialisation: N(0, std) matrices, zero biases, unit LayerNorm gains. */
export function initWeights(cfg: ModelConfig, seed: number, std = 0.02): Weights {
  const normal = gaussian(seededRandom(seed));
  const weights: Weights = {};
  for (const [name, shape] of Object.entries(paramShapes(cfg))) {
    const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
    if (/ln_\w+\.weight$/.test(name)) data.fill(1);
    else if (!name.endsWith('.bias')) for (let i = 0; i < data.length; i++) data[i] = normal() * std;
    weights[name] = { shape, data };
  }
  return weights;
}
