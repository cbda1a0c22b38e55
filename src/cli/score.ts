/**
 * npm run score -- --model <id> --input <traces.json|jsonl> [--json <out>] [--models <dir>] [--reference <id>]
 *   [--critiques 4 --temperature 1 --seed 1] [--endpoint URL [--api-key KEY] [--concurrency 8] [--tokenizer DIR]]
 * Scores traces with the same runtime core the browser worker runs, on onnxruntime-node. A critic model runs CAPO;
 * a policy with --reference gives the implicit PRM. Bad lines are reported and skipped; valid ones are scored. With
 * --endpoint the model (and the reference) are the ones a serving engine serves (cli/engineModels.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ScoreRun } from '../methods/scoreRun';
import { parseTraces } from '../io/traceJson';
import { critique } from '../runtime/critique';
import { toWorkbenchError } from '../domain/errors';
import { scoreTraces } from '../runtime/scoring';
import { argValue } from './args';
import { openNodeModel } from '../runtime/nodeModel';
import { CRITIQUE_MAX_TOKENS, DEFAULT_CAPO } from '../methods/capo';
import { implicitPrmRun } from '../methods/implicitPrm';
import { engineArgs, openEngineModel } from './engineModels';
import { RemoteModel } from '../runtime/engine/remoteModel';

const fmt = (v: number | null) => (v === null ? '–' : v.toFixed(4));

async function main(): Promise<number> {
  const modelId = argValue('--model');
  const input = argValue('--input');
  if (!modelId || !input) {
    console.error('Usage: npm run score -- --model <id> --input <traces.json|jsonl> [--json <out>] [--models <dir>] [--reference <id>]');
    return 2;
  }
  const dir = argValue('--models') ?? 'models';
  const { traces, errors } = parseTraces(readFileSync(input, 'utf8'));
  for (const e of errors) console.error(`${input}:${e.line}: skipped: ${e.message}`);
  if (!traces.length) {
    console.error(`${input} has no valid trace.`);
    return 1;
  }
  const engine = engineArgs();
  const open = (id: string) => (engine ? openEngineModel(engine, id) : openNodeModel(dir, id));
  const model = await open(modelId);
  const device = model instanceof RemoteModel ? model.device : 'node';
  const runs: ScoreRun[] = [];
  const failed: string[] = [];
  const one = async (work: () => Promise<ScoreRun[]>, id: string) => {
    try {
      runs.push(...(await work()));
    } catch (e) {
      const err = toWorkbenchError(e);
      failed.push(id);
      console.error(`${id}: ${err.message} ${err.hint}`);
    }
  };
  const t0 = performance.now();
  if (model.parts.card.method === 'capo-critic') {
    const n = Number(argValue('--critiques') ?? 4);
    const options = {
      n,
      temperature: Number(argValue('--temperature') ?? 1),
      seed: Number(argValue('--seed') ?? 1),
      maxTokens: CRITIQUE_MAX_TOKENS,
    };
    for (const t of traces) await one(async () => [await critique(model, t, options, DEFAULT_CAPO, device)], t.id);
  } else {
    // One batch for everything; if it fails, trace by trace so one bad trace does not lose the others.
    try {
      runs.push(...(await scoreTraces(model, traces, device)));
    } catch {
      for (const t of traces) await one(() => scoreTraces(model, [t], device), t.id);
    }
    const referenceId = argValue('--reference');
    if (referenceId) {
      const reference = await open(referenceId);
      for (const [i, t] of traces.entries()) {
        const policyRun = runs.find((r) => r.traceId === t.id && r.modelId === modelId);
        if (!policyRun) continue;
        await one(async () => [implicitPrmRun(t, policyRun, (await scoreTraces(reference, [traces[i]], device))[0])], t.id);
      }
    }
  }
  const ms = performance.now() - t0;
  console.log('| trace | model | method | tokens | trace score | step scores |');
  console.log('|---|---|---|---|---|---|');
  for (const r of runs)
    console.log(
      `| ${r.traceId} | ${r.modelId} | ${r.method} | ${r.tokens.length} | ${fmt(r.traceScore)} | ${(r.stepScores ?? []).map(fmt).join(', ')} |`,
    );
  const tokens = runs.reduce((s, r) => s + r.tokens.length, 0);
  console.log(
    `\n${runs.length} runs, ${tokens} tokens in ${ms.toFixed(0)} ms; ${errors.length} input lines skipped, ${failed.length} traces failed.`,
  );
  const out = argValue('--json');
  if (out) writeFileSync(out, JSON.stringify({ model: modelId, runs, skipped: errors, failed }, null, 2) + '\n');
  return failed.length || errors.length ? 1 : 0;
}

process.exitCode = await main();
