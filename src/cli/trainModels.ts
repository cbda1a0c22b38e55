/**
 * Trains the shipped arith models from scratch, deterministically, then measures them (models:report).
 * Usage: npm run models:train [-- --smoke] [--out <dir>]   (the smoke recipe checks the pipeline in seconds; CI runs it)
 */
import { mkdirSync } from 'node:fs';
import { writeModelIndex } from '../model/modelIndex';
import { recipeFromArgs } from '../train/recipe';
import { runReport } from '../train/report';
import { trainZoo } from '../train/zoo';
import { argValue } from './args';

const recipe = recipeFromArgs(process.argv);
const out = argValue('--out') ?? 'models';
mkdirSync(out, { recursive: true });
const t0 = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`);
await trainZoo(recipe, out, log);
writeModelIndex(out);
await runReport(recipe, out, { json: argValue('--json'), log });
log(`done: every model in ${out}/`);
