/** Where a model runs in the browser, and what the user may ask for: a backend, or Auto (design.md §4). */
export type Backend = 'webgpu' | 'wasm';
export type BackendChoice = 'auto' | Backend;
