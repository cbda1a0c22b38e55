/**
 * npm run arith:set -- --out <file.jsonl> [--validation]
 * Writes the held-out pairs `npm run models:report` measures on (the shipped policy's own samples on the report's
 * problem seeds, or the validation seeds) as CreditLens JSONL pairs of traces with their step labels, first errors
 * and wrong spans. `npm run eval` on it reproduces the report's numbers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Trace } from '../domain/trace';
import { charTokenizer } from '../model/charTokenizer';
import { charVocab, parseHfConfig } from '../model/hfFiles';
import { lmSession } from '../train/ortGenerate';
import { FULL, SEEDS } from '../train/recipe';
import { heldOutPairs } from '../train/heldOut';
import { argValue } from './args';

/** A labelled trace as one side of a CreditLens JSONL pair (the importer's own format). */
export const labelledTraceJson = (t: Trace) => ({
  id: t.id,
  problem: t.problem,
  response: t.response,
  steps: t.steps.map(({ charStart, charEnd, label }) => ({ charStart, charEnd, label })),
  answer: t.answer,
  goldAnswer: t.goldAnswer,
  finalCorrect: t.finalCorrect,
  firstErrorStep: t.firstErrorStep,
  wrongSpans: t.wrongSpans,
});

/** The report's held-out pairs from `first` on, one JSON line per pair of labelled traces. */
export async function arithSetLines(dir: string, first: number, count: number): Promise<string[]> {
  const folder = join(dir, 'arith-policy');
  const cfg = parseHfConfig(JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')));
  const session = await lmSession(readFileSync(join(folder, 'onnx/model.onnx')));
  const pairs = await heldOutPairs(session, cfg, charTokenizer(charVocab()), first, count);
  return pairs.map((p, i) =>
    JSON.stringify({
      id: `pair-${i}`,
      chosen: { ...labelledTraceJson(p.chosen), id: `pair-${i}-chosen` },
      rejected: { ...labelledTraceJson(p.rejected), id: `pair-${i}-rejected` },
    }),
  );
}

if (process.argv[1]?.endsWith('arithSet.ts')) {
  const out = argValue('--out');
  if (!out) {
    console.error('Usage: npm run arith:set -- --out <file.jsonl> [--validation]');
    process.exitCode = 2;
  } else {
    const validation = process.argv.includes('--validation');
    const lines = await arithSetLines(
      'models',
      validation ? SEEDS.validation : SEEDS.report,
      validation ? FULL.report.validationProblems : FULL.report.problems,
    );
    writeFileSync(out, lines.join('\n') + '\n');
    console.log(`Wrote ${out}: ${lines.length} pairs of labelled traces.`);
  }
}
