/**
 * Measures the shipped arith models on held-out problems and rewrites models/README.md and the cards' metrics.
 * Usage: npm run models:report [-- --json <file>] [--dir <models dir>] [--smoke]
 */
import { recipeFromArgs } from '../train/recipe';
import { runReport } from '../train/report';
import { argValue } from './args';

const recipe = recipeFromArgs(process.argv);
const { rows } = await runReport(recipe, argValue('--dir') ?? 'models', { json: argValue('--json'), log: (line) => console.error(line) });
if (rows.some((r) => r.met === false)) console.error('Some targets are not met (rows marked NO).');
