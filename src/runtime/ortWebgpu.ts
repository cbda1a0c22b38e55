/**
 * onnxruntime-web for a WebGPU model worker: the JSEP build, which carries the WebGPU execution provider. Its glue and
 * wasm binary are emitted by Vite as files of this app's own origin, so ORT never reaches for a CDN; the glue is loaded
 * as its own module, which also lets ORT start its WASM threads from it.
 */
import * as ort from 'onnxruntime-web';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import mjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';

ort.env.wasm.wasmPaths = { wasm: new URL(wasmUrl, self.location.href).href, mjs: new URL(mjsUrl, self.location.href).href };
ort.env.wasm.proxy = false;

export { ort };
