/** models/index.json, rebuilt from the workbench.json of every model folder, so each writer keeps the others' entries. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseWorkbenchCard, type ModelIndex } from '../domain/modelCard';

export function writeModelIndex(dir: string): ModelIndex {
  const index: ModelIndex = { models: [] };
  for (const id of readdirSync(dir).sort()) {
    const cardFile = join(dir, id, 'workbench.json');
    if (!existsSync(cardFile)) continue;
    const card = parseWorkbenchCard(JSON.parse(readFileSync(cardFile, 'utf8')));
    index.models.push({ id: card.id, name: card.name, role: card.role, method: card.method });
  }
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  return index;
}
