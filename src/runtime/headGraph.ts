/**
 * Heads added at load time (design.md §3), so a plain export of a base language model works as a reward model:
 * - a head weight file (`head.safetensors`, a [labels, hidden] matrix and its bias, e.g. a value head or a `score`
 *   classifier) on the hidden state the LM head reads;
 * - two columns of the LM's own logits (Math-Shepherd's "+" and "−"), read at the step tags.
 * Either becomes the output `creditlens_head`, [batch, sequence, width].
 */
import type onnxProto from 'onnx-proto';
import { ioNames } from '../model/ioNames';
import { onnx } from '../model/onnxGraph';
import { readSafetensors, type FloatTensor } from '../model/safetensors';

export const HEAD_OUTPUT = 'creditlens_head';

type Model = onnxProto.onnx.ModelProto;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

function decode(bytes: Uint8Array): { model: Model; graph: onnxProto.onnx.IGraphProto } {
  const model = onnx.ModelProto.decode(bytes);
  if (!model.graph) throw new Error('the ONNX file has no graph');
  if (!(model.graph.output ?? []).some((o) => o.name === ioNames.logits)) throw new Error(`the graph has no output "${ioNames.logits}"`);
  return { model, graph: model.graph };
}

/**
 * The hidden state the LM head multiplies: from the node that makes `logits`, back through Identity and Add (a bias)
 * to the MatMul, whose first input it is (Optimum's exports and CreditLens' alike).
 */
function hiddenState(graph: onnxProto.onnx.IGraphProto): string {
  const producer = new Map((graph.node ?? []).flatMap((n) => (n.output ?? []).map((o) => [o, n] as const)));
  let node = producer.get(ioNames.logits);
  for (let hops = 0; node && hops < 4; hops++) {
    if (node.opType === 'MatMul' || node.opType === 'Gemm' || node.opType === 'MatMulNBits') return node.input?.[0] ?? '';
    node = producer.get(node.input?.[0] ?? '');
  }
  throw new Error('could not find the hidden state the LM head reads (no MatMul makes "logits")');
}

function addOutput(graph: onnxProto.onnx.IGraphProto, width: number): void {
  const dims = ['batch_size', 'sequence_length'].map((dimParam) => ({ dimParam }));
  (graph.output ??= []).push({
    name: HEAD_OUTPUT,
    type: { tensorType: { elemType: FLOAT, shape: { dim: [...dims, { dimValue: width }] } } },
  });
}

const floatInit = (name: string, dims: number[], data: Float32Array): onnxProto.onnx.ITensorProto => ({
  name,
  dims,
  dataType: FLOAT,
  rawData: new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)),
});

/** The head in a weight file: `score`, `v_head.summary`, `v_head` or `classifier` (weight [labels, hidden], bias [labels]). */
export function readHeadFile(bytes: Uint8Array, label: string): { weight: FloatTensor; bias: Float32Array } {
  const tensors = readSafetensors(bytes, label);
  for (const prefix of ['score', 'v_head.summary', 'v_head', 'classifier', 'head']) {
    const weight = tensors.get(`${prefix}.weight`);
    if (!weight) continue;
    if (weight.shape.length !== 2)
      throw new Error(`${label}: ${prefix}.weight must be [labels, hidden]; it is [${weight.shape.join(', ')}]`);
    return { weight, bias: tensors.get(`${prefix}.bias`)?.data ?? new Float32Array(weight.shape[0]) };
  }
  throw new Error(`${label} has no score.weight, v_head.summary.weight, v_head.weight or classifier.weight`);
}

/** Adds a linear head on the LM head's hidden state: `creditlens_head` = hidden · Wᵀ + b. */
export function withLinearHead(bytes: Uint8Array, head: { weight: FloatTensor; bias: Float32Array }): Uint8Array {
  const { model, graph } = decode(bytes);
  const [labels, hidden] = head.weight.shape;
  const transposed = new Float32Array(hidden * labels);
  for (let o = 0; o < labels; o++) for (let i = 0; i < hidden; i++) transposed[i * labels + o] = head.weight.data[o * hidden + i];
  (graph.initializer ??= []).push(
    floatInit('creditlens_head_w', [hidden, labels], transposed),
    floatInit('creditlens_head_b', [labels], head.bias),
  );
  (graph.node ??= []).push(
    { opType: 'MatMul', input: [hiddenState(graph), 'creditlens_head_w'], output: ['creditlens_head_mm'], name: 'creditlens_head_mm' },
    { opType: 'Add', input: ['creditlens_head_mm', 'creditlens_head_b'], output: [HEAD_OUTPUT], name: 'creditlens_head_add' },
  );
  addOutput(graph, labels);
  return onnx.ModelProto.encode(model).finish();
}

/** Adds two columns of the LM's logits (e.g. the ids of "+" and "−"): `creditlens_head` = logits[..., ids]. */
export function withLogitPair(bytes: Uint8Array, ids: readonly [number, number]): Uint8Array {
  const { model, graph } = decode(bytes);
  (graph.initializer ??= []).push({
    name: 'creditlens_pair_ids',
    dims: [2],
    dataType: INT64,
    rawData: new Uint8Array(BigInt64Array.from(ids.map(BigInt)).buffer),
  });
  (graph.node ??= []).push({
    opType: 'Gather',
    input: [ioNames.logits, 'creditlens_pair_ids'],
    output: [HEAD_OUTPUT],
    name: 'creditlens_pair',
    attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }],
  });
  addOutput(graph, 2);
  return onnx.ModelProto.encode(model).finish();
}
