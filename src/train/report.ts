/**
 * models:report: measures every shipped arith model with onnxruntime-node on freshly generated held-out problems
 * (seeds the trainer never saw), prints the table, writes it into models/README.md, the numbers into each card and,
 * if asked, a JSON file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { parseWorkbenchCard } from '../domain/modelCard';
import { CARD_TAU_METRIC } from '../domain/datasetRuns';
import { PQM_TAG } from '../domain/steps';
import { seededRandom } from '../domain/random';
import { charTokenizer } from '../model/charTokenizer';
import { charVocab, parseHfConfig } from '../model/hfFiles';
import { criticMetrics, ormMetrics, answerAccuracy, qrmMetrics, stepModelMetrics } from './evaluate';
import { lmSession } from './ortGenerate';
import { pairsFrom, type TracePair } from './pairs';
import type { ModelConfig } from '../model/config';
import type { CharTokenizer } from '../model/charTokenizer';
import { SEEDS, type Recipe } from './recipe';
import { problemOf, rollouts } from './rollouts';
import type { ZooId } from './zoo';

export interface ReportRow {
  model: ZooId;
  metric: string;
  value: number;
  /** "≥ 0.85", or "measured" where the issue sets no bar. */
  target: string;
  met: boolean | null;
}

const at = (min: number) => ({ target: `≥ ${min}`, met: (v: number) => v >= min });
const measured = { target: 'measured', met: () => null };

function row(model: ZooId, metric: string, value: number | null, bar: { target: string; met: (v: number) => boolean | null }): ReportRow {
  const v = value ?? Number.NaN;
  return { model, metric, value: v, target: bar.target, met: Number.isNaN(v) ? false : bar.met(v) };
}

/** Pairs from the policy's own samples (4 per problem at T = 1) on the problems of seeds first.., as in training. */
export async function heldOutPairs(
  session: ort.InferenceSession,
  cfg: ModelConfig,
  tok: CharTokenizer,
  first: number,
  count: number,
): Promise<TracePair[]> {
  return pairsFrom(await rollouts(session, cfg, tok, { first, count }, 4, 1, seededRandom(first)));
}

export function reportTable(rows: readonly ReportRow[]): string {
  const lines = ['| model | metric | value | target | met |', '|---|---|---|---|---|'];
  for (const r of rows)
    lines.push(`| ${r.model} | ${r.metric} | ${r.value.toFixed(3)} | ${r.target} | ${r.met === null ? '–' : r.met ? 'yes' : 'NO'} |`);
  return lines.join('\n');
}

const README_HEAD = `# Shipped models

The \`arith-*\` models are trained by \`npm run models:train\` (see the repository README) and measured by
\`npm run models:report\` on held-out problems (seeds from ${SEEDS.report}; thresholds chosen on seeds from ${SEEDS.validation}).
The table below is written by that command; do not edit it by hand. F1 values are ProcessBench's (first-error exact
match, harmonic mean of the accuracy on erroneous and on correct traces), as fractions.
`;

export async function runReport(
  recipe: Recipe,
  dir: string,
  options: { json?: string; log: (line: string) => void },
): Promise<ReportRow[]> {
  const { log } = options;
  const tok = charTokenizer(charVocab());
  const tagTok = charTokenizer(charVocab(undefined, [PQM_TAG]));
  const load = async (id: ZooId) => {
    const folder = join(dir, id);
    const cfg = parseHfConfig(JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')));
    const onnx = readFileSync(join(folder, 'onnx/model.onnx'));
    const session = cfg.head === 'lm' ? await lmSession(onnx) : await ort.InferenceSession.create(onnx, { intraOpNumThreads: 1 });
    return { cfg, session };
  };
  const rand = seededRandom(SEEDS.report);
  const problems = Array.from({ length: recipe.report.problems }, (_, i) => problemOf(SEEDS.report + i));
  const rows: ReportRow[] = [];

  const policy = await load('arith-policy');
  const accuracy = (model: typeof policy, temperature: number) =>
    answerAccuracy(model.session, model.cfg, tok, problems, temperature, rand);
  const greedy = await accuracy(policy, 0);
  const sampledWrong = 1 - (await accuracy(policy, 1));
  rows.push(row('arith-policy', 'greedy answer accuracy', greedy, at(0.85)));
  rows.push(
    row('arith-policy', 'wrong answers when sampled at T=1', sampledWrong, { target: '0.15–0.50', met: (v) => v >= 0.15 && v <= 0.5 }),
  );
  const refGreedy = await accuracy(await load('arith-policy-ref'), 0);
  rows.push(row('arith-policy-ref', 'greedy answer accuracy', refGreedy, { target: '≈ 0.30–0.50', met: (v) => v >= 0.3 && v <= 0.5 }));
  log(`policy: greedy ${greedy.toFixed(3)}, sampled wrong ${sampledWrong.toFixed(3)}; reference greedy ${refGreedy.toFixed(3)}`);

  // Held-out pairs from the shipped policy's own samples, as in training; τ for Q-RM comes from the validation seeds.
  const pairs = await heldOutPairs(policy.session, policy.cfg, tok, SEEDS.report, recipe.report.problems);
  const validation = await heldOutPairs(policy.session, policy.cfg, tok, SEEDS.validation, recipe.report.validationProblems);
  log(`held-out pairs: ${pairs.length} (${pairs.filter((p) => p.source === 'rollout').length} from rollouts)`);

  const qrm = await qrmMetrics((await load('arith-qrm')).session, tok, pairs, validation);
  rows.push(row('arith-qrm', 'pair accuracy', qrm.pairAccuracy, at(0.95)));
  rows.push(row('arith-qrm', 'token AUROC (low credit vs wrong characters)', qrm.tokenAuroc, at(0.85)));
  rows.push(row('arith-qrm', 'first-error F1', (qrm.firstError.f1 ?? 0) / 100, at(0.75)));
  rows.push(row('arith-qrm', 'first-error acc_err', (qrm.firstError.accErr ?? 0) / 100, measured));
  rows.push(row('arith-qrm', 'first-error acc_corr', (qrm.firstError.accCorr ?? 0) / 100, measured));
  rows.push(row('arith-qrm', 'lowest credit inside the first wrong span', qrm.minInFirstWrongSpan, at(0.9)));
  rows.push(row('arith-qrm', CARD_TAU_METRIC, qrm.tau, measured));

  const orm = await ormMetrics((await load('arith-orm')).session, tok, pairs);
  rows.push(row('arith-orm', 'pair accuracy', orm.pairAccuracy, at(0.9)));

  for (const [id, bar] of [
    ['arith-pqm', at(0.9)],
    ['arith-prm', measured],
  ] as const) {
    const m = await stepModelMetrics((await load(id)).session, tagTok, pairs);
    rows.push(row(id, 'first-error F1 (threshold 0)', (m.firstError.f1 ?? 0) / 100, bar));
    rows.push(row(id, 'first-error acc_err', (m.firstError.accErr ?? 0) / 100, measured));
    rows.push(row(id, 'first-error acc_corr', (m.firstError.accCorr ?? 0) / 100, measured));
  }

  const critic = await load('arith-critic');
  const cm = await criticMetrics(critic.session, critic.cfg, tok, pairs, rand);
  rows.push(row('arith-critic', 'first-error F1, one review at T=1', (cm.single.f1 ?? 0) / 100, at(0.6)));
  rows.push(row('arith-critic', 'first-error F1, majority of 4 reviews', (cm.majority.f1 ?? 0) / 100, measured));
  rows.push(row('arith-critic', 'reviews that do not parse', cm.abstainRate, measured));
  rows.push(row('arith-critic', 'traces whose 4 reviews disagree', cm.diverseVerdicts, measured));
  log(`critic example: ${JSON.stringify(cm.example)}`);

  const table = reportTable(rows);
  console.log(table);
  writeFileSync(join(dir, 'README.md'), `${README_HEAD}\nRecipe: \`${recipe.name}\`.\n\n${table}\n`);
  for (const id of new Set(rows.map((r) => r.model))) {
    const file = join(dir, id, 'workbench.json');
    if (!existsSync(file)) continue;
    const card = parseWorkbenchCard(JSON.parse(readFileSync(file, 'utf8')));
    card.provenance.metrics = Object.fromEntries(rows.filter((r) => r.model === id).map((r) => [r.metric, Number(r.value.toFixed(4))]));
    writeFileSync(file, JSON.stringify(card, null, 2) + '\n');
  }
  if (options.json) writeFileSync(options.json, JSON.stringify({ recipe: recipe.name, seeds: SEEDS, rows }, null, 2) + '\n');
  return rows;
}
