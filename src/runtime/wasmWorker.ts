/** The model worker for a model on WASM: one ORT variant per worker (see `ortWasm.ts`). */
import { ort } from './ortWasm';
import { serveModel } from './worker';

serveModel(ort);
