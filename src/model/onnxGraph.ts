import onnxProto from 'onnx-proto';
import { floatToHalf } from './halfFloat';

const { onnx } = onnxProto;
export { onnx };

export const FLOAT = onnx.TensorProto.DataType.FLOAT;
export const INT64 = onnx.TensorProto.DataType.INT64;
export const BOOL = onnx.TensorProto.DataType.BOOL;
export const FLOAT16 = onnx.TensorProto.DataType.FLOAT16;
export const UINT8 = onnx.TensorProto.DataType.UINT8;
const MICROSOFT = 'com.microsoft';

/** Initializers of at least this many bytes go to external data; offsets are aligned as onnx's own writer aligns them. */
const EXTERNAL_THRESHOLD = 1024;
const EXTERNAL_ALIGN = 4096;

type AttrValue = number | number[] | string;

/** Dimensions are numbers or symbolic names such as "batch_size". */
export type Dim = number | string;

function attribute(name: string, value: AttrValue): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  return Number.isInteger(value) ? { name, type: T.INT, i: value } : { name, type: T.FLOAT, f: value };
}

function valueInfo(name: string, elemType: number, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** A minimal builder: nodes get unique output names, constants become initializers. */
export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private counter = 0;
  private usesMicrosoftOps = false;
  /** Large initializers written to one external data file (its name, and the bytes so far) instead of the protobuf. */
  private readonly external: { location: string; chunks: Uint8Array[]; size: number } | null;

  constructor(options: { externalData?: string } = {}) {
    this.external = options.externalData ? { location: options.externalData, chunks: [], size: 0 } : null;
  }

  input(name: string, elemType: number, dims: Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: number, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  floatTensor(name: string, dims: number[], data: Float32Array): string {
    return this.initializer(name, dims, FLOAT, new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice());
  }

  /** A float weight stored in half precision (FLOAT16); the graph casts it back to float where it is used. */
  halfTensor(name: string, dims: number[], data: Float32Array): string {
    return this.initializer(name, dims, FLOAT16, new Uint8Array(Uint16Array.from(data, floatToHalf).buffer));
  }

  uint8Tensor(name: string, dims: number[], bytes: Uint8Array): string {
    return this.initializer(name, dims, UINT8, bytes);
  }

  private initializer(name: string, dims: number[], dataType: number, bytes: Uint8Array): string {
    const ext = this.external;
    if (ext && bytes.length >= EXTERNAL_THRESHOLD) {
      const at = Math.ceil(ext.size / EXTERNAL_ALIGN) * EXTERNAL_ALIGN;
      if (at > ext.size) ext.chunks.push(new Uint8Array(at - ext.size));
      ext.chunks.push(bytes);
      ext.size = at + bytes.length;
      this.initializers.push({
        name,
        dims,
        dataType,
        dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [
          { key: 'location', value: ext.location },
          { key: 'offset', value: String(at) },
          { key: 'length', value: String(bytes.length) },
        ],
      });
    } else this.initializers.push({ name, dims, dataType, rawData: bytes });
    return name;
  }

  /** The external data file's bytes (empty without one). */
  externalBytes(): Uint8Array {
    const out = new Uint8Array(this.external?.size ?? 0);
    let at = 0;
    for (const c of this.external?.chunks ?? []) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  int64Tensor(dims: number[], values: number[]): string {
    const name = `const_${this.counter++}`;
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.initializers.push({ name, dims, dataType: INT64, rawData: new Uint8Array(data.buffer) });
    return name;
  }

  scalarFloat(value: number): string {
    return this.floatTensor(`const_${this.counter++}`, [], Float32Array.of(value));
  }

  /** Adds a node; returns its output names (or the single name when `outputs` is omitted). */
  node(opType: string, inputs: string[], attrs: Record<string, AttrValue> = {}, outputs?: string[]): string {
    return this.nodeMulti(opType, inputs, attrs, outputs ?? [`${opType.toLowerCase()}_${this.counter++}`])[0];
  }

  /** A node of onnxruntime's contrib domain (com.microsoft), such as MatMulNBits. */
  msNode(opType: string, inputs: string[], attrs: Record<string, AttrValue>): string {
    this.usesMicrosoftOps = true;
    const [out] = this.nodeMulti(opType, inputs, attrs, [`${opType.toLowerCase()}_${this.counter++}`]);
    this.nodes[this.nodes.length - 1].domain = MICROSOFT;
    return out;
  }

  nodeMulti(opType: string, inputs: string[], attrs: Record<string, AttrValue>, outputs: string[]): string[] {
    this.nodes.push({
      opType,
      input: inputs,
      output: outputs,
      name: `${opType}_${this.counter++}`,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }

  freshName(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  encode(graphName: string, opset: number, metadata: Record<string, string>): Uint8Array {
    const model: onnxProto.onnx.IModelProto = {
      irVersion: 8,
      producerName: 'creditlens',
      opsetImport: [{ domain: '', version: opset }, ...(this.usesMicrosoftOps ? [{ domain: MICROSOFT, version: 1 }] : [])],
      graph: {
        name: graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
      metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
    };
    return onnx.ModelProto.encode(model).finish();
  }
}

/**
 * Which keys each query may see, [batch, 1, sequence, total] booleans: causal over absolute positions (the queries are
 * the last `sequence` of `total`, after any cached ones) and not padding.
 */
export function causalPaddingMask(g: GraphBuilder, ids: string, mask: string): string {
  const scalar = (v: number) => g.int64Tensor([], [v]);
  const ints = (v: number[]) => g.int64Tensor([v.length], v);
  const seqLen = g.node('Gather', [g.node('Shape', [ids]), scalar(1)], { axis: 0 });
  const totalLen = g.node('Gather', [g.node('Shape', [mask]), scalar(1)], { axis: 0 });
  const queryPos = g.node('Range', [g.node('Sub', [totalLen, seqLen]), totalLen, scalar(1)]);
  const keyPos = g.node('Range', [scalar(0), totalLen, scalar(1)]);
  const causal = g.node('LessOrEqual', [g.node('Unsqueeze', [keyPos, ints([0])]), g.node('Unsqueeze', [queryPos, ints([1])])]);
  const notPad = g.node('Unsqueeze', [g.node('Cast', [mask], { to: BOOL }), ints([1, 2])]);
  return g.node('And', [causal, notPad]);
}
