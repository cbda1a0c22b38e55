/**
 * How a model's weights are stored (design.md §3): float32; half precision cast back to float32 in the graph
 * (`model_fp16.onnx`); or the linear layers in 4 bits through MatMulNBits with the embedding in half precision
 * (`model_q4.onnx`). The arithmetic is float32 in every variant.
 */
export type WeightDtype = 'fp32' | 'fp16' | 'q4';
export const WEIGHT_DTYPES: readonly WeightDtype[] = ['fp32', 'fp16', 'q4'];

/** The file each dtype is written to and read from, as Optimum and transformers.js name them. */
export const onnxFileOf = (dtype: WeightDtype): string => (dtype === 'fp32' ? 'model.onnx' : `model_${dtype}.onnx`);
