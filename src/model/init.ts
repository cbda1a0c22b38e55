import { seededRandom } from '../domain/random';
import { elementCount, paramShapes, type ModelConfig, type Weights } from './config';

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
    const data = new Float32Array(elementCount(shape));
    if (/ln_\w+\.weight$/.test(name)) data.fill(1);
    else if (!name.endsWith('.bias')) for (let i = 0; i < data.length; i++) data[i] = normal() * std;
    weights[name] = { shape, data };
  }
  return weights;
}
