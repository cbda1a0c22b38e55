/** Random weights for test models of the decoder family: N(0, std) matrices, unit norm gains (design.md §3). */
import { seededRandom } from '../../domain/random';
import { elementCount } from '../config';
import { gaussian } from '../init';
import { decoderShapes, type DecoderConfig, type DecoderWeights } from './config';

export function initDecoderWeights(c: DecoderConfig, seed: number, std = 0.02): DecoderWeights {
  const normal = gaussian(seededRandom(seed));
  const weights: DecoderWeights = {};
  for (const [name, shape] of Object.entries(decoderShapes(c))) {
    const data = new Float32Array(elementCount(shape));
    if (name.endsWith('norm.weight')) data.fill(1);
    else for (let i = 0; i < data.length; i++) data[i] = normal() * std;
    weights[name] = { shape, data };
  }
  return weights;
}
