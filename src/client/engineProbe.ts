/** Asks a serving engine what it is and what it serves, before the user picks a model and a head preset. */
import type { WorkbenchCard } from '../model/modelCard';
import { EngineConnection, engineBaseUrl, type EngineTarget } from '../runtime/engine/connection';
import { engineReadOf } from '../runtime/engine/engineRead';

export { engineBaseUrl, engineReadOf };

export interface EngineFacts {
  /** The URL as checked (no trailing slash or /v1): what a served model's requests go to. */
  baseUrl: string;
  origin: string;
  /** GET /version; null when the engine has no such endpoint. */
  version: string | null;
  models: {
    id: string;
    maxModelLen: number | null;
    /** The model's own card when the engine hands one out (CreditLens's `npm run serve`); null otherwise. */
    card: WorkbenchCard | null;
  }[];
}

export async function probeEngine(target: EngineTarget): Promise<EngineFacts> {
  const c = new EngineConnection(target, { attempts: 1, firstDelayMs: 0 });
  const { version, models: served } = await c.served();
  // A card that does not parse is as good as none here: the user picks a preset, and the load would say why.
  const models = await Promise.all(served.map(async (m) => ({ ...m, card: await c.modelCard(m.id).catch(() => null) })));
  return { baseUrl: target.baseUrl, origin: c.origin, version, models };
}
