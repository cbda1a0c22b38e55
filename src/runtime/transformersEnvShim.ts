/**
 * Stands in for `@xenova/transformers/src/env.js` in the browser build (wired in vite.config.ts). The original
 * defaults to the Hugging Face Hub and a CDN; CreditLens works offline, so this env knows only the app's own
 * /models/ folder and has no remote host to fall back to.
 */
export const env = {
  backends: { onnx: {}, tfjs: {} },
  __dirname: './',
  version: '2.17.2',
  allowRemoteModels: false,
  remoteHost: '',
  remotePathTemplate: '',
  allowLocalModels: true,
  localModelPath: '/models/',
  useFS: false,
  useBrowserCache: false,
  useFSCache: false,
  cacheDir: null,
  useCustomCache: false,
  customCache: null,
};
