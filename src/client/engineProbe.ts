/** Asks a serving engine what it is and what it serves, before the user picks a model and a head preset. */
import { parseWorkbenchCard, type WorkbenchCard } from '../model/modelCard';
import { EngineConnection, engineBaseUrl, type EngineTarget } from '../runtime/engine/connection';
import { CARD_FILES_PATH, engineReadOf } from '../runtime/engine/engineRead';
import { readModels, readVersion } from '../runtime/engine/wire';

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
  const version = await c.get('/version').then(readVersion, () => null);
  const served = readModels(await c.get('/v1/models'));
  const models = await Promise.all(
    served.map(async (m) => {
      const bytes = await c.file(`${CARD_FILES_PATH}/${encodeURIComponent(m.id)}/workbench.json`).catch(() => null);
      let card: WorkbenchCard | null = null;
      try {
        card = bytes && parseWorkbenchCard(JSON.parse(new TextDecoder().decode(bytes)));
      } catch {
        card = null; // a card that does not parse is as good as none: the user picks a preset
      }
      return { ...m, card };
    }),
  );
  return { baseUrl: target.baseUrl, origin: c.origin, version, models };
}
