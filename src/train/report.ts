/**
 * models:report: measures every shipped arith model on freshly generated held-out problems (seeds the trainer never
 * saw). Reward models are scored through the runtime's own code on onnxruntime-node, so the page shows what the report
 * measures. Each LM-head read-out is also measured on the untrained policy, the baseline its training must beat. Prints
 * the tables, writes them into models/README.md, the numbers into each card and, if asked, a JSON file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORRUPTIONS, type Corruption } from '../arith/corrupt';
import { parseWorkbenchCard, type WorkbenchCard } from '../model/modelCard';
import { seededRandom } from '../domain/random';
import { CARD_TAU_METRIC, foundMistake, isTokenLevel, lowestTokenStep, withStepTau } from '../eval/stepVerdicts';
import { charTokenizer } from '../model/charTokenizer';
import { charVocab, parseHfConfig } from '../model/hfFiles';
import { openNodeModel } from '../runtime/nodeModel';
import { writeModelIndex } from '../model/modelIndex';
import type { ModelRunner } from '../runtime/modelRunner';
import { calibratedTau, creditMetrics, pairTraces, scorePairs, type CreditMetrics } from './creditEval';
import { answerAccuracy, criticMetrics } from './evaluate';
import { heldOutPairs } from './heldOut';
import { lmSession } from './ortGenerate';
import { kindPairs, type TracePair } from '../arith/pairs';
import { SEEDS, type Recipe } from './recipe';
import { problemOf } from '../arith/problem';

export interface ReportRow {
  /** A model id, or a baseline: the untrained policy read as a model (`arith-policy as arith-qrm`). */
  model: string;
  metric: string;
  value: number;
  /** "≥ 0.85", or "measured" where the issue sets no bar. */
  target: string;
  met: boolean | null;
}

/** One row of the per-mistake-kind table: the share of rejected traces of each kind whose first mistake it found. */
export interface KindRow {
  model: string;
  found: Record<Corruption, number>;
}

type Bar = { target: string; met: (v: number) => boolean | null };
const at = (min: number): Bar => ({ target: `≥ ${min}`, met: (v) => v >= min });
const atLeast = (what: string, min: number): Bar => ({ target: `≥ ${min.toFixed(3)} (${what})`, met: (v) => v >= min - 1e-9 });
const measured: Bar = { target: 'measured', met: () => null };

function row(model: string, metric: string, value: number | null, bar: Bar): ReportRow {
  const v = value ?? Number.NaN;
  return { model, metric, value: v, target: bar.target, met: Number.isNaN(v) ? false : bar.met(v) };
}

export function reportTable(rows: readonly ReportRow[]): string {
  const lines = ['| model | metric | value | target | met |', '|---|---|---|---|---|'];
  for (const r of rows)
    lines.push(`| ${r.model} | ${r.metric} | ${r.value.toFixed(3)} | ${r.target} | ${r.met === null ? '–' : r.met ? 'yes' : 'NO'} |`);
  return lines.join('\n');
}

export function kindTable(rows: readonly KindRow[]): string {
  const lines = [`| model | ${CORRUPTIONS.join(' | ')} |`, `|---|${CORRUPTIONS.map(() => '---|').join('')}`];
  for (const r of rows) lines.push(`| ${r.model} | ${CORRUPTIONS.map((k) => r.found[k].toFixed(2)).join(' | ')} |`);
  return lines.join('\n');
}

export const KIND_PAIRS = 50;

const README_HEAD = `# Shipped models

The \`arith-*\` models are trained by \`npm run models:train\` (see the repository README) and measured by
\`npm run models:report\` on held-out problems (seeds from ${SEEDS.report}; thresholds and checkpoints chosen on seeds from
${SEEDS.validation}). The tables below are written by that command; do not edit them by hand.

- **pair accuracy**: the chosen answer scores higher than the rejected one.
- **lowest credit in the first wrong span**: the rejected answer's lowest-credit token lies on the characters of the
  first mistake (token-level credit only).
- **token AUROC**: how well low credit picks out the wrong characters (0.5 is chance).
- **first-error F1**: ProcessBench's F1 of "the first step under τ" (harmonic mean of the accuracy on erroneous and
  on correct traces), at each method's fixed rule (PQM Q < 0, PRM p < 0.5) or, where there is no natural threshold,
  at τ chosen on the validation seeds.
- \`arith-policy as <model>\` rows read the **untrained** policy the way that model reads its own head: the baseline
  training must beat.
`;

const KIND_HEAD = `## Per mistake kind

${KIND_PAIRS} gold-versus-mistake pairs of each kind (report seeds): the share of rejected answers whose first mistake the
model found (token credit: its lowest-credit token lies in the first wrong step; step scores: the first step under τ is
the first wrong step; the critic: the majority of 4 reviews at T = 1 names it first).
`;

interface Subject {
  label: string;
  runner: ModelRunner;
  reference?: { runner: ModelRunner; beta: number };
  /** Token-level methods have no natural step threshold: theirs is chosen on the validation pairs. */
  tauFromValidation: boolean;
}

export async function runReport(
  recipe: Recipe,
  dir: string,
  options: { json?: string; log: (line: string) => void },
): Promise<{ rows: ReportRow[]; kinds: KindRow[] }> {
  const { log } = options;
  const tok = charTokenizer(charVocab());
  const present = (id: string) => existsSync(join(dir, id, 'workbench.json'));
  const cardOf = (id: string) => parseWorkbenchCard(JSON.parse(readFileSync(join(dir, id, 'workbench.json'), 'utf8')));
  const lm = async (id: string) => {
    const cfg = parseHfConfig(JSON.parse(readFileSync(join(dir, id, 'config.json'), 'utf8')));
    return { cfg, session: await lmSession(readFileSync(join(dir, id, 'onnx/model.onnx'))) };
  };
  const rand = seededRandom(SEEDS.report);
  const problems = Array.from({ length: recipe.report.problems }, (_, i) => problemOf(SEEDS.report + i));
  const rows: ReportRow[] = [];
  const kinds: KindRow[] = [];

  const policy = await lm('arith-policy');
  const accuracy = (model: typeof policy, temperature: number) =>
    answerAccuracy(model.session, model.cfg, tok, problems, temperature, rand);
  const greedy = await accuracy(policy, 0);
  const sampledWrong = 1 - (await accuracy(policy, 1));
  rows.push(row('arith-policy', 'greedy answer accuracy', greedy, at(0.85)));
  rows.push(
    row('arith-policy', 'wrong answers when sampled at T=1', sampledWrong, { target: '0.15–0.50', met: (v) => v >= 0.15 && v <= 0.5 }),
  );
  const refGreedy = await accuracy(await lm('arith-policy-ref'), 0);
  rows.push(row('arith-policy-ref', 'greedy answer accuracy', refGreedy, { target: '≈ 0.30–0.50', met: (v) => v >= 0.3 && v <= 0.5 }));
  log(`policy: greedy ${greedy.toFixed(3)}, sampled wrong ${sampledWrong.toFixed(3)}; reference greedy ${refGreedy.toFixed(3)}`);

  // Held-out pairs from the shipped policy's own samples, as in training; thresholds come from the validation seeds.
  const pairs = await heldOutPairs(policy.session, policy.cfg, tok, SEEDS.report, recipe.report.problems);
  const validation = await heldOutPairs(policy.session, policy.cfg, tok, SEEDS.validation, recipe.report.validationProblems);
  const byKind = CORRUPTIONS.map((kind, k) => ({ kind, pairs: kindPairs(kind, SEEDS.report + 100_000 + k * 1_000, KIND_PAIRS) }));
  log(
    `held-out pairs: ${pairs.length} (${pairs.filter((p) => p.source === 'rollout').length} from rollouts); ${validation.length} validation pairs`,
  );

  const measure = async (s: Subject) => {
    const runsOn = (set: readonly TracePair[]) => scorePairs(s.runner, set, s.reference);
    const runs = await runsOn(pairs);
    const tau = s.tauFromValidation && runs[0]?.stepScores ? calibratedTau(validation, await runsOn(validation)) : undefined;
    const m = creditMetrics(pairs, runs, tau);
    const found = {} as Record<Corruption, number>;
    for (const { kind, pairs: set } of byKind) {
      const kindRuns = await runsOn(set);
      // Token-level models are judged by their lowest-credit token's step, the others by the first-error rule at τ.
      found[kind] = share(
        set.map((p, i) => {
          const run = withStepTau(kindRuns[2 * i + 1], tau === undefined ? null : { value: tau, source: 'validation' });
          const first = p.rejected.firstErrorStep;
          if (!isTokenLevel(run.method) || first === undefined || first < 0) return foundMistake(p.rejected, run);
          const step = lowestTokenStep(p.rejected, run);
          return step === null ? null : step === first;
        }),
      );
    }
    log(`${s.label}: ${JSON.stringify(m)}${tau === undefined ? '' : ` at τ ${tau.toFixed(3)}`}`);
    return { m, tau, found };
  };

  const open = (id: string, card?: WorkbenchCard) => openNodeModel(dir, id, card && { card });
  const policyRunner = await open('arith-policy');
  const baselines = new Map<string, CreditMetrics>();
  const caveats = new Map<string, string | null>();

  // The untrained policy read as each LM-head model: the start its training must beat.
  for (const id of ['arith-qrm', 'arith-orm', 'arith-pqm', 'arith-prm']) {
    if (!present(id)) continue;
    const card = cardOf(id);
    if (card.output.meaning.startsWith('lm-')) {
      const label = `arith-policy as ${id}`;
      const r = await measure({ label, runner: await open('arith-policy', card), tauFromValidation: card.method === 'qrm' });
      baselines.set(id, r.m);
      rows.push(...creditRows(label, r.m, r.tau, () => measured));
      if (card.method !== 'orm') kinds.push({ model: label, found: r.found });
    }
  }
  const implicit = await measure({
    label: 'arith-policy ÷ arith-policy-ref',
    runner: policyRunner,
    reference: { runner: await open('arith-policy-ref'), beta: 1 },
    tauFromValidation: true,
  });
  rows.push(...creditRows('arith-policy ÷ arith-policy-ref (implicit PRM, β 1)', implicit.m, implicit.tau, () => measured));
  kinds.push({ model: 'arith-policy ÷ arith-policy-ref', found: implicit.found });

  // A `-vhead` model starts from the same policy as its LM-head counterpart (`startOf`), so it has the same start to beat.
  const reward = async (id: string, bar: (metric: keyof CreditMetrics, base: CreditMetrics | null) => Bar, startOf = id) => {
    if (!present(id)) return;
    const card = cardOf(id);
    const tauFromValidation = isTokenLevel(card.method ?? 'logprob');
    const r = await measure({ label: id, runner: await open(id), tauFromValidation });
    const base = baselines.get(startOf) ?? null;
    rows.push(...creditRows(id, r.m, r.tau, (metric) => bar(metric, base)));
    caveats.set(id, localisationCaveat(r.m, base, pairs.length));
    if (card.method !== 'orm') kinds.push({ model: id, found: r.found });
  };
  const fromStart = (base: CreditMetrics | null, metric: keyof CreditMetrics): Bar =>
    base?.[metric] == null ? measured : atLeast('its untrained start', base[metric] as number);

  await reward('arith-qrm', (metric, base) =>
    metric === 'pairAccuracy' ? at(0.95) : metric === 'minInFirstWrongSpan' || metric === 'tokenAuroc' ? fromStart(base, metric) : measured,
  );
  await reward('arith-qrm-vhead', () => measured, 'arith-qrm');
  await reward('arith-dpo', () => measured);
  await reward('arith-orm', (metric) => (metric === 'pairAccuracy' ? at(0.95) : measured));
  await reward('arith-pqm', (metric) => (metric === 'f1' ? at(0.95) : measured));
  await reward('arith-prm', (metric) => (metric === 'f1' ? at(0.95) : measured));
  await reward('arith-pqm-vhead', () => measured, 'arith-pqm');

  if (present('arith-critic')) {
    const critic = await open('arith-critic');
    const cm = await criticMetrics(critic, pairTraces(pairs), SEEDS.report);
    const single = (cm.single.f1 ?? 0) / 100;
    rows.push(row('arith-critic', 'first-error F1, one review at T=1', single, at(0.6)));
    // The vote is what CAPO adds: it should beat one review by a clear margin, not only match it.
    const majority = (cm.majority.f1 ?? 0) / 100;
    rows.push(row('arith-critic', 'first-error F1, majority of 4 reviews', majority, atLeast('one review + 0.05', single + 0.05)));
    rows.push(row('arith-critic', 'reviews that do not parse', cm.abstainRate, measured));
    rows.push(row('arith-critic', 'traces whose 4 reviews disagree', cm.diverseVerdicts, measured));
    log(`critic example: ${JSON.stringify(cm.example)}`);
    const found = {} as Record<Corruption, number>;
    for (const { kind, pairs: set } of byKind) {
      const rejected = set.map((p) => p.rejected);
      const k = await criticMetrics(critic, rejected, SEEDS.report + 1);
      found[kind] = share(rejected.map((t, i) => k.majorityFirst[i] === t.firstErrorStep));
    }
    kinds.push({ model: 'arith-critic (majority of 4)', found });
  }

  const table = reportTable(rows);
  const perKind = kindTable(kinds);
  console.log(table);
  console.log(perKind);
  writeFileSync(join(dir, 'README.md'), `${README_HEAD}\nRecipe: \`${recipe.name}\`.\n\n${table}\n\n${KIND_HEAD}\n${perKind}\n`);
  for (const id of new Set(rows.map((r) => r.model))) {
    if (!present(id)) continue;
    const file = join(dir, id, 'workbench.json');
    const card = cardOf(id);
    const caveat = caveats.get(id);
    if (caveat) card.caveat = caveat;
    else delete card.caveat;
    card.provenance.metrics = Object.fromEntries(
      rows.filter((r) => r.model === id && !Number.isNaN(r.value)).map((r) => [r.metric, Number(r.value.toFixed(4))]),
    );
    writeFileSync(file, JSON.stringify(card, null, 2) + '\n');
  }
  // The index carries each card's caveat to the page.
  writeModelIndex(dir);
  if (options.json) writeFileSync(options.json, JSON.stringify({ recipe: recipe.name, seeds: SEEDS, rows, kinds }, null, 2) + '\n');
  return { rows, kinds };
}

/** Below this pair accuracy a model's credit is called near chance on its card and wherever it is shown. */
export const NEAR_CHANCE_PAIR_ACCURACY = 0.7;

/**
 * Said on the card and wherever the credit is shown: that the model's credit is near chance, and where training left it
 * less localised than the untrained policy it started from.
 */
/**
 * Whether `value` is below `start` by more than the noise of measuring both on `n` held-out pairs: two standard
 * errors of the difference of two proportions near `start`, 2·√(2·p(1 − p)/n). Token AUROC and the share of lowest
 * credit in the wrong span are both read as proportions here (an AUROC is the share of ranked pairs in order).
 */
export function clearlyBelow(value: number, start: number, n: number): boolean {
  const p = Math.min(Math.max(start, 1 / n), 1 - 1 / n);
  return start - value > 2 * Math.sqrt((2 * p * (1 - p)) / n);
}

/**
 * What a card warns about, in proportion: a model near chance, or credit clearly less localised than the untrained
 * policy's on the `n` held-out pairs (`clearlyBelow`); a difference within the measurement's noise is not a caveat.
 */
export function localisationCaveat(m: CreditMetrics, start: CreditMetrics | null, n: number): string | null {
  const said: string[] = [];
  if (m.pairAccuracy !== null && m.pairAccuracy < NEAR_CHANCE_PAIR_ACCURACY)
    said.push(
      `This model's credit is near chance: it prefers the right answer in only ${(m.pairAccuracy * 100).toFixed(0)} % of held-out pairs` +
        `${m.tokenAuroc === null ? '' : ` (token AUROC ${m.tokenAuroc.toFixed(3)}; 0.5 is chance)`}. It is shipped for comparison; its colours do not show where the mistake is.`,
    );
  const worse = start
    ? (['minInFirstWrongSpan', 'tokenAuroc'] as const).filter(
        (k) => m[k] !== null && start[k] !== null && clearlyBelow(m[k] as number, start[k] as number, n),
      )
    : [];
  const names = { minInFirstWrongSpan: 'lowest credit in the first wrong span', tokenAuroc: 'token AUROC' };
  if (start && worse.length)
    said.push(
      `Training left this credit less localised than the untrained policy's: ${worse
        .map((k) => `${names[k]} ${(m[k] as number).toFixed(3)} against ${(start[k] as number).toFixed(3)}`)
        .join(', ')} (held-out report seeds, ${n} pairs; more than two standard errors apart).`,
    );
  return said.length ? said.join(' ') : null;
}

const share = (xs: readonly (boolean | null)[]) => xs.filter((x) => x === true).length / xs.length;

/** The rows every reward model gets: the metrics its credit supports, and the τ in use when it was calibrated. */
function creditRows(model: string, m: CreditMetrics, tau: number | undefined, bar: (metric: keyof CreditMetrics) => Bar): ReportRow[] {
  const out: ReportRow[] = [];
  const push = (metric: keyof CreditMetrics, name: string) => {
    if (m[metric] !== null) out.push(row(model, name, m[metric], bar(metric)));
  };
  push('pairAccuracy', 'pair accuracy');
  push('minInFirstWrongSpan', 'lowest credit in the first wrong span');
  push('tokenAuroc', 'token AUROC (low credit vs wrong characters)');
  push('f1', 'first-error F1');
  push('accErr', 'first-error acc_err');
  push('accCorr', 'first-error acc_corr');
  if (tau !== undefined) out.push(row(model, CARD_TAU_METRIC, tau, measured));
  return out;
}
