/**
 * Trains the shipped arith models from scratch, deterministically, then measures them (models:report).
 * Usage: npm run models:train [-- --smoke] [--out <dir>] [--reuse-policy] [--only <id,id>] [--no-report]
 *   --smoke         the smoke recipe: checks the pipeline in seconds (CI runs it)
 *   --reuse-policy  reads arith-policy and arith-policy-ref from the output folder instead of training them (30 min saved;
 *                   they are the bytes the full run writes), then trains the rest
 *   --only          trains only these stages (with --reuse-policy), e.g. arith-qrm,arith-pqm
 *   --rollouts-cache <file>  keeps the policy's rollouts in a file between runs (with --reuse-policy)
 *   --simd          every stage with the SIMD passes: faster, other bytes than the shipped models (learning curves)
 */
import { mkdirSync } from 'node:fs';
import { writeModelIndex } from '../model/modelIndex';
import { recipeFromArgs } from '../train/recipe';
import { runReport } from '../train/report';
import { trainZoo, ZOO_IDS, type ZooId } from '../train/zoo';
import { argValue } from './args';

const recipe = recipeFromArgs(process.argv);
const out = argValue('--out') ?? 'models';
mkdirSync(out, { recursive: true });
const t0 = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`);
const only = argValue('--only')?.split(',');
const unknown = only?.filter((id) => !(ZOO_IDS as readonly string[]).includes(id)) ?? [];
if (unknown.length) throw new Error(`--only: unknown model ${unknown.join(', ')}; the zoo has ${ZOO_IDS.join(', ')}`);
const reusePolicy = process.argv.includes('--reuse-policy');
if (only && !reusePolicy) throw new Error('--only needs --reuse-policy (the other stages start from the policy)');
const rolloutsCache = argValue('--rollouts-cache');
if (rolloutsCache && !reusePolicy) throw new Error('--rollouts-cache needs --reuse-policy (the rollouts come from that policy)');
await trainZoo(recipe, out, log, { reusePolicy, only: only as ZooId[] | undefined, rolloutsCache });
writeModelIndex(out);
if (!process.argv.includes('--no-report')) await runReport(recipe, out, { json: argValue('--json'), log });
log(`done: every model in ${out}/`);
