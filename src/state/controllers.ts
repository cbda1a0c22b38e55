/** The live model controllers sit beside the store, not in it: the store holds only plain, serialisable data. */
import { ModelController, type ControllerEvents } from '../client/modelController';
import type { WebGpuSupport } from '../client/webgpu';
import type { WorkbenchCard } from '../model/modelCard';
import type { SourceSpec } from '../client/modelController';
import type { BackendChoice } from '../domain/backend';

const live = new Map<string, ModelController>();

export const liveControllers = (): ReadonlyMap<string, ModelController> => live;

export interface ControllerSetup {
  source: SourceSpec;
  choice: BackendChoice;
  webgpu: WebGpuSupport;
  card?: WorkbenchCard;
  events: ControllerEvents;
  /** WASM threads for the model's worker. */
  threads: () => number;
}

/** The model's controller, made on first use. */
export function controllerFor(id: string, setup: () => ControllerSetup): ModelController {
  let c = live.get(id);
  if (!c) {
    const s = setup();
    c = new ModelController(s.source, s.choice, s.webgpu, s.events, s.threads, s.card);
    live.set(id, c);
  }
  return c;
}

export function dropController(id: string): void {
  live.get(id)?.dispose();
  live.delete(id);
}

export function dropAllControllers(): void {
  for (const id of [...live.keys()]) dropController(id);
}
