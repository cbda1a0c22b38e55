/** The model worker for a model on WebGPU: one ORT variant per worker (see `ortWebgpu.ts`). */
import { ort } from './ortWebgpu';
import { serveModel } from './worker';

serveModel(ort);
