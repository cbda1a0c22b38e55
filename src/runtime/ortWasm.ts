/**
 * onnxruntime-web for a WASM model worker: the plain SIMD-threaded build. The JSEP build that WebGPU needs also runs
 * WASM, but measured here it scored the arith traces about 3× slower and created sessions more slowly, so a model on
 * WASM gets this build in its own worker. Served from this app's origin, as in `ortWebgpu.ts`.
 */
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.mjs?url';

ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, self.location.href).href, mjs: new URL(mjsUrl, self.location.href).href };
ort.env.wasm.proxy = false;

export { ort };
