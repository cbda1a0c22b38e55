/**
 * npm run labels -- --a <labels.jsonl> --b <labels.jsonl> [--json <out>]
 * Two annotators' step labels of the same traces (files in any format that carries step labels: PRM800K,
 * ProcessBench, TRL stepwise): Cohen's κ over the steps both labelled, and every step they disagree on, counted from 1.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { errorText } from '../domain/errors';
import { datasetTraces } from '../eval/datasetMetrics';
import { labelAgreement, type LabelAgreement } from '../eval/labelAgreement';
import { importDataset } from '../io/importDataset';
import { argValue } from './args';
import { fileChunks } from './fileChunks';

const tracesOf = async (path: string) => datasetTraces((await importDataset(basename(path), fileChunks(path))).items);

export async function compareLabelFiles(a: string, b: string): Promise<LabelAgreement> {
  return labelAgreement(await tracesOf(a), await tracesOf(b));
}

async function main(): Promise<number> {
  const [a, b] = [argValue('--a'), argValue('--b')];
  if (!a || !b) {
    console.error('Usage: npm run labels -- --a <labels> --b <labels> [--json <out>]');
    return 2;
  }
  let r: LabelAgreement;
  try {
    r = await compareLabelFiles(a, b);
  } catch (e) {
    console.error(errorText(e));
    return 1;
  }
  console.log(
    `${r.compared} steps labelled in both, ${r.agreed} alike; Cohen's κ ${r.kappa === null ? 'undefined (one label for everything)' : r.kappa.toFixed(4)}.`,
  );
  if (r.unmatched) console.log(`${r.unmatched} traces are in one file only; ${r.splitDiffers} are split into other steps and left out.`);
  for (const d of r.disagreements.slice(0, 50))
    console.log(`  ${d.traceId}, step ${d.step}: ${d.a} in ${basename(a)}, ${d.b} in ${basename(b)}`);
  if (r.disagreements.length > 50) console.log(`  … and ${r.disagreements.length - 50} more`);
  const out = argValue('--json');
  if (out) writeFileSync(out, JSON.stringify(r, null, 2) + '\n');
  return 0;
}

if (process.argv[1]?.endsWith('labels.ts')) process.exitCode = await main();
