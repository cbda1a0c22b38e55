/**
 * models/index.json, rebuilt from the workbench.json of every model folder, so each writer keeps the others' entries.
 * Models already listed keep their place (the first one is the page's default); new ones follow in name order.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { creditSummary, parseModelIndex, parseWorkbenchCard, type ModelIndex } from './modelCard';

export function writeModelIndex(dir: string): ModelIndex {
  const indexFile = join(dir, 'index.json');
  const listed = existsSync(indexFile) ? parseModelIndex(JSON.parse(readFileSync(indexFile, 'utf8'))).models.map((m) => m.id) : [];
  const present = readdirSync(dir)
    .filter((id) => existsSync(join(dir, id, 'workbench.json')))
    .sort();
  const order = [...listed.filter((id) => present.includes(id)), ...present.filter((id) => !listed.includes(id))];
  const index: ModelIndex = {
    models: order.map((id) => {
      const card = parseWorkbenchCard(JSON.parse(readFileSync(join(dir, id, 'workbench.json'), 'utf8')));
      const credit = creditSummary(card);
      return {
        id: card.id,
        name: card.name,
        role: card.role,
        method: card.method,
        ...(card.caveat ? { caveat: card.caveat } : {}),
        ...(card.test ? { test: true } : {}),
        ...(credit ? { credit } : {}),
      };
    }),
  };
  writeFileSync(indexFile, JSON.stringify(index, null, 2) + '\n');
  return index;
}
