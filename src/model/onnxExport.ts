import { headDim, outputWidth, param, paramShapes, type ModelConfig, type Weights } from './config';
import { MASKED_SCORE } from './forward';
import { ioNames } from './ioNames';
import { causalPaddingMask, FLOAT, GraphBuilder, INT64 } from './onnxGraph';

export const OPSET = 17;

/**
 * Exports the decoder as ONNX (opset 17, standard ops only). LM heads take and return a KV cache
 * (`past_key_values.*` → `present.*`, shape [batch, heads, past, head_dim]); pass empty past tensors on the first step.
 * Token-scalar heads return `logits` [batch, sequence, 1].
 */
export function exportOnnx(cfg: ModelConfig, weights: Weights): Uint8Array {
  const g = new GraphBuilder();
  const d = cfg.nEmbd;
  const hd = headDim(cfg);
  const withCache = cfg.head === 'lm';
  const total = withCache ? 'past_sequence_length + sequence_length' : 'sequence_length';

  for (const name of Object.keys(paramShapes(cfg))) {
    const p = param(weights, name);
    g.floatTensor(name, p.shape, p.data);
  }

  const ids = g.input(ioNames.inputIds, INT64, ['batch_size', 'sequence_length']);
  const mask = g.input(ioNames.attentionMask, INT64, ['batch_size', total]);
  const positions = g.input(ioNames.positionIds, INT64, ['batch_size', 'sequence_length']);
  const pastDims = ['batch_size', cfg.nHead, 'past_sequence_length', hd];
  const presentDims = ['batch_size', cfg.nHead, total, hd];
  if (withCache) {
    for (let l = 0; l < cfg.nLayer; l++) {
      g.input(ioNames.pastKey(l), FLOAT, pastDims);
      g.input(ioNames.pastValue(l), FLOAT, pastDims);
    }
  }

  const ints = (v: number[]) => g.int64Tensor([v.length], v);

  // Which keys each query may see: causal over absolute positions, and not padding. [batch, 1, seq, total]
  const allowed = causalPaddingMask(g, ids, mask);
  const masked = g.scalarFloat(MASKED_SCORE);
  const scale = g.scalarFloat(1 / Math.sqrt(hd));

  const linear = (x: string, prefix: string) => g.node('Add', [g.node('MatMul', [x, `${prefix}.weight`]), `${prefix}.bias`]);
  const layerNorm = (x: string, prefix: string) =>
    g.node('LayerNormalization', [x, `${prefix}.weight`, `${prefix}.bias`], { axis: -1, epsilon: cfg.layerNormEps });
  const toHeads = (x: string) => g.node('Transpose', [g.node('Reshape', [x, ints([0, 0, cfg.nHead, hd])])], { perm: [0, 2, 1, 3] });

  let h = g.node('Add', [g.node('Gather', [`transformer.wte.weight`, ids]), g.node('Gather', [`transformer.wpe.weight`, positions])]);
  for (let l = 0; l < cfg.nLayer; l++) {
    const p = `transformer.h.${l}`;
    const qkv = linear(layerNorm(h, `${p}.ln_1`), `${p}.attn.c_attn`);
    const parts = g.nodeMulti('Split', [qkv, ints([d, d, d])], { axis: 2 }, [g.freshName('q'), g.freshName('k'), g.freshName('v')]);
    const [q, k, v] = parts.map(toHeads);
    const keys = withCache ? g.node('Concat', [ioNames.pastKey(l), k], { axis: 2 }, [ioNames.presentKey(l)]) : k;
    const values = withCache ? g.node('Concat', [ioNames.pastValue(l), v], { axis: 2 }, [ioNames.presentValue(l)]) : v;
    const scores = g.node('Mul', [g.node('MatMul', [q, g.node('Transpose', [keys], { perm: [0, 1, 3, 2] })]), scale]);
    const probs = g.node('Softmax', [g.node('Where', [allowed, scores, masked])], { axis: -1 });
    const merged = g.node('Reshape', [g.node('Transpose', [g.node('MatMul', [probs, values])], { perm: [0, 2, 1, 3] }), ints([0, 0, d])]);
    h = g.node('Add', [h, linear(merged, `${p}.attn.c_proj`)]);

    const fc = linear(layerNorm(h, `${p}.ln_2`), `${p}.mlp.c_fc`);
    // gelu_new(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
    const cube = g.node('Mul', [fc, g.node('Mul', [fc, fc])]);
    const inner = g.node('Mul', [
      g.node('Add', [fc, g.node('Mul', [cube, g.scalarFloat(0.044715)])]),
      g.scalarFloat(Math.sqrt(2 / Math.PI)),
    ]);
    const act = g.node('Mul', [g.node('Mul', [fc, g.scalarFloat(0.5)]), g.node('Add', [g.node('Tanh', [inner]), g.scalarFloat(1)])]);
    h = g.node('Add', [h, linear(act, `${p}.mlp.c_proj`)]);
  }
  const final = layerNorm(h, 'transformer.ln_f');
  if (cfg.head === 'lm') {
    const unembed = g.node('Transpose', ['transformer.wte.weight'], { perm: [1, 0] });
    g.node('MatMul', [final, unembed], {}, [ioNames.logits]);
  } else {
    g.node('Add', [g.node('MatMul', [final, 'classifier.weight']), 'classifier.bias'], {}, [ioNames.logits]);
  }

  g.output(ioNames.logits, FLOAT, ['batch_size', 'sequence_length', outputWidth(cfg)]);
  if (withCache) {
    for (let l = 0; l < cfg.nLayer; l++) {
      g.output(ioNames.presentKey(l), FLOAT, presentDims);
      g.output(ioNames.presentValue(l), FLOAT, presentDims);
    }
  }
  return g.encode('creditlens-gpt2', OPSET, { head: cfg.head });
}
