/**
 * Log-prob scoring without reading T×V logits back: at load time the LM graph gets a `target_ids` input and two
 * [batch, sequence] outputs computed on the device, `token_logprobs` (log p of each target) and `token_entropy`.
 * A 150k vocabulary would otherwise cost 600 kB of read-back per token; this costs 8 bytes.
 */
import type onnxProto from 'onnx-proto';
import { onnx } from '../model/onnxGraph';
import { ioNames } from '../model/ioNames';

export const REDUCED = { targets: 'target_ids', logprobs: 'token_logprobs', entropy: 'token_entropy' } as const;

/** True when the graph already has the reduced outputs (it was extended before, or exported with them). */
function hasReducedOutputs(model: onnxProto.onnx.IModelProto): boolean {
  return (model.graph?.output ?? []).some((o: onnxProto.onnx.IValueInfoProto) => o.name === REDUCED.logprobs);
}

const dims = (names: string[]) => ({ dim: names.map((dimParam) => ({ dimParam })) });

/** Returns the model with the reduced outputs added; the original outputs (logits, KV cache) stay for generation. */
export function withReducedLogprobs(bytes: Uint8Array, logits: string = ioNames.logits): Uint8Array {
  const model = onnx.ModelProto.decode(bytes);
  if (!model.graph) throw new Error('the ONNX file has no graph');
  const graph = model.graph;
  const nodes = (graph.node ??= []);
  const inputs = (graph.input ??= []);
  const outputs = (graph.output ??= []);
  const initializers = (graph.initializer ??= []);
  if (hasReducedOutputs(model)) return bytes;
  if (!outputs.some((o) => o.name === logits)) throw new Error(`the graph has no output "${logits}"`);
  const opset = Number(model.opsetImport.find((o) => !o.domain)?.version ?? 0);
  if (opset < 13) throw new Error(`opset ${opset} is too old for the reduced log-prob graph (needs 13 or later)`);

  const axisLast = 'creditlens_axis_last';
  initializers.push({
    name: axisLast,
    dims: [1],
    dataType: onnx.TensorProto.DataType.INT64,
    rawData: new Uint8Array(BigInt64Array.of(-1n).buffer),
  });
  const node = (opType: string, input: string[], output: string, attribute: onnxProto.onnx.IAttributeProto[] = []) =>
    nodes.push({ opType, input, output: [output], name: `creditlens_${output}`, attribute });
  const axis = { name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 };
  const keepdims0 = { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 };

  node('LogSoftmax', [logits], 'creditlens_logp', [axis]);
  node('Unsqueeze', [REDUCED.targets, axisLast], 'creditlens_targets');
  node('GatherElements', ['creditlens_logp', 'creditlens_targets'], 'creditlens_gathered', [axis]);
  node('Squeeze', ['creditlens_gathered', axisLast], REDUCED.logprobs);
  // Entropy −Σ p·log p, reduced on the device as well.
  node('Exp', ['creditlens_logp'], 'creditlens_p');
  node('Mul', ['creditlens_p', 'creditlens_logp'], 'creditlens_plogp');
  node('ReduceSum', ['creditlens_plogp', axisLast], 'creditlens_negentropy', [keepdims0]);
  node('Neg', ['creditlens_negentropy'], REDUCED.entropy);

  const INT64 = onnx.TensorProto.DataType.INT64;
  const FLOAT = onnx.TensorProto.DataType.FLOAT;
  inputs.push({ name: REDUCED.targets, type: { tensorType: { elemType: INT64, shape: dims(['batch_size', 'sequence_length']) } } });
  for (const name of [REDUCED.logprobs, REDUCED.entropy])
    outputs.push({ name, type: { tensorType: { elemType: FLOAT, shape: dims(['batch_size', 'sequence_length']) } } });
  return onnx.ModelProto.encode(model).finish();
}
