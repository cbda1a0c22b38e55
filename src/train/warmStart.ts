/**
 * Reward models and the critic start from the trained policy (a reward model trained from scratch did not learn here
 * within minutes). A scalar head replaces the LM head; a step tag gets a new embedding row at the end of the vocabulary.
 */
import { gaussian } from '../model/init';
import type { ModelConfig, Weights } from '../model/config';
import { seededRandom } from '../domain/random';

export function fromPolicy(
  policy: { cfg: ModelConfig; weights: Weights },
  head: ModelConfig['head'],
  addedTokens: number,
  seed: number,
  std = 0.02,
): { cfg: ModelConfig; weights: Weights } {
  const normal = gaussian(seededRandom(seed));
  const cfg: ModelConfig = { ...policy.cfg, head, vocabSize: policy.cfg.vocabSize + addedTokens };
  const weights: Weights = {};
  for (const [name, p] of Object.entries(policy.weights)) weights[name] = { shape: [...p.shape], data: Float32Array.from(p.data) };
  if (addedTokens > 0) {
    const d = cfg.nEmbd;
    const wte = new Float32Array(cfg.vocabSize * d);
    wte.set(policy.weights['transformer.wte.weight'].data);
    for (let i = policy.cfg.vocabSize * d; i < wte.length; i++) wte[i] = normal() * std;
    weights['transformer.wte.weight'] = { shape: [cfg.vocabSize, d], data: wte };
  }
  if (head === 'token-scalar') {
    weights['classifier.weight'] = { shape: [cfg.nEmbd, 1], data: Float32Array.from({ length: cfg.nEmbd }, () => normal() * std) };
    weights['classifier.bias'] = { shape: [1], data: new Float32Array(1) };
  }
  return { cfg, weights };
}
