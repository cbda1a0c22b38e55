/**
 * Stands in for `@xenova/transformers/src/backends/onnx.js` (wired in vite.config.ts), so importing the tokenizer
 * API does not bundle a second onnxruntime. Tokenizers need only the Tensor class. `env` is a fresh object on
 * purpose: transformers.js writes a CDN address into `env.wasm.wasmPaths` when it can, and it must not reach ours.
 */
import { Tensor } from 'onnxruntime-web';

export const ONNX = { Tensor, env: {} };
export const executionProviders = ['wasm'];
