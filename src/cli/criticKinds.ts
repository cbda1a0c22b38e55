/**
 * npm run critic:kinds -- [--traces 60] [--temperature 1] [--critiques 4] [--models <folder>]
 * How often the majority vote of arith-critic's critiques marks the true first wrong step, per mistake kind, on
 * held-out traces (seeds from 101 on, seven apart, none of them training seeds).
 */
import { CORRUPTIONS } from '../arith/corrupt';
import { arithExample } from '../arith/traces';
import { critique } from '../runtime/critique';
import { argValue } from './args';
import { openNodeModel } from '../runtime/nodeModel';
import { CRITIQUE_MAX_TOKENS, DEFAULT_CAPO } from '../methods/capo';

const traces = Number(argValue('--traces') ?? 60);
const temperature = Number(argValue('--temperature') ?? 1);
const n = Number(argValue('--critiques') ?? 4);
const critic = await openNodeModel(argValue('--models') ?? 'models', 'arith-critic');
console.log(`| mistake kind | majority marks the first wrong step | some critique names it |`);
console.log('|---|---|---|');
for (const [k, kind] of CORRUPTIONS.entries()) {
  let marked = 0;
  let named = 0;
  for (let s = 0; s < traces; s++) {
    const { trace } = arithExample(101 + s * 7 + k, kind);
    const run = await critique(critic, trace, { n, temperature, seed: 1, maxTokens: CRITIQUE_MAX_TOKENS }, DEFAULT_CAPO, 'node');
    const truth = trace.firstErrorStep ?? -1;
    if (run.capo?.votes.wrong.includes(truth)) marked++;
    if (run.capo?.critiques.some((c) => c.wrongSteps?.includes(truth))) named++;
  }
  console.log(`| ${kind} | ${marked}/${traces} | ${named}/${traces} |`);
}
console.log(`\n${n} critiques per trace at temperature ${temperature}, seed 1.`);
