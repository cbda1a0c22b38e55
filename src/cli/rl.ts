/**
 * npm run rl -- [--rewards outcome,orm,qrm,pqm,capo] [--seeds 3] [--updates 20] [--problems 8] [--samples 4]
 *               [--held-out 64] [--eval-every 1] [--lr 3e-5] [--critiques 4] [--target <accuracy>] [--json <file>] [--smoke]
 *               [--validation] [--first-seed 1] [--jobs 2]
 *        npm run rl -- --plan <results.json> [--speedup 1.5]
 * `--eval-every K` measures the held-out problems after every K updates (and the last), which saves time on long runs.
 * Runs go `--jobs` at a time (default: 2, or fewer cores), each in its own process; every run is single-threaded.
 * `--validation` measures on validation problems, for choosing settings; tune with it and seeds of your own, never
 * on the held-out problems and seeds that are reported.
 * RL from `arith-policy-ref` with each reward (src/train/rl.ts), every reward on the same seeds: held-out greedy
 * accuracy after every update as JSON, and a table of updates to reach the target accuracy, their ratio to the ORM's
 * and to the outcome-only baseline's, and the final accuracy, each as median, range and a 95 % bootstrap interval over
 * the seeds. `--plan` reads an earlier run's JSON and prints how many seeds each held-out size and update count needs
 * to tell a `--speedup`× faster reward from noise (eval/rlStats.ts `rlPlan`), without running anything.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { wasmKernels } from '../learn/kernels';
import { RL_DEFAULTS, type RlOptions, type RlPoint } from '../learn/rlRun';
import { runRl } from '../train/rl';
import { RL_REWARDS, type RlReward } from '../learn/rlRewards';
import { argValue } from './args';
import { bootstrapInterval, median, rlPlan } from '../eval/rlStats';
import { progress } from './progress';

const smoke = process.argv.includes('--smoke');
const num = (flag: string, fallback: number) => Number(argValue(flag) ?? fallback);
const rewards = (argValue('--rewards') ?? (smoke ? 'outcome,qrm' : 'outcome,orm,qrm,pqm,capo')).split(',') as RlReward[];
for (const r of rewards) if (!RL_REWARDS.includes(r)) throw new Error(`unknown reward "${r}"; pick from ${RL_REWARDS.join(', ')}`);
const seeds = Array.from({ length: num('--seeds', smoke ? 1 : 3) }, (_, i) => i + num('--first-seed', 1));
const base: Omit<RlOptions, 'reward' | 'seed'> = {
  ...RL_DEFAULTS,
  updates: num('--updates', smoke ? 2 : RL_DEFAULTS.updates),
  problems: num('--problems', smoke ? 2 : RL_DEFAULTS.problems),
  samples: num('--samples', smoke ? 2 : RL_DEFAULTS.samples),
  heldOut: num('--held-out', smoke ? 8 : RL_DEFAULTS.heldOut),
  evalEvery: num('--eval-every', RL_DEFAULTS.evalEvery),
  lr: num('--lr', RL_DEFAULTS.lr),
  critiques: num('--critiques', RL_DEFAULTS.critiques),
  validation: process.argv.includes('--validation'),
};
type Run = { reward: RlReward; seed: number; curve: RlPoint[] };

/** One run in this process: the child side of `--jobs`, or every run when there is one job. */
async function runOne(reward: RlReward, seed: number, log: (line: string) => void): Promise<Run> {
  const wasm = readFileSync(new URL('../learn/simd/kernels.wasm', import.meta.url));
  const { curve } = await runRl({ ...base, reward, seed }, () => wasmKernels(wasm), {
    onPoint: (p) =>
      log(
        `${reward} seed ${seed} update ${p.update}: held-out ${p.heldOutAccuracy.toFixed(3)}` +
          (p.sampledAccuracy === null ? '' : `, sampled ${p.sampledAccuracy.toFixed(3)}`) +
          ` (${p.seconds.toFixed(0)} s)`,
      ),
  });
  return { reward, seed, curve };
}

const planFrom = argValue('--plan');
if (planFrom) {
  const earlier = JSON.parse(readFileSync(planFrom, 'utf8')) as {
    options: { heldOut: number; updates: number; evalEvery?: number };
    runs: Run[];
  };
  const speedup = num('--speedup', 1.5);
  const plan = rlPlan(earlier.runs, earlier.options, speedup, { heldOut: [64, 256, 1024], updates: [20, 60, 100] });
  console.log(
    `From ${planFrom} (${earlier.runs.length} runs, ${earlier.options.updates} updates, ${earlier.options.heldOut} held-out problems): ` +
      `mean slope ${plan.slope.toExponential(2)} accuracy per update, seed-to-seed spread ${plan.seedSd.toExponential(2)} beyond the ` +
      `measurement's, mean accuracy ${plan.accuracy.toFixed(3)}.\nSeeds per reward to tell ${speedup}× faster learning from noise ` +
      `(80 % power, two-sided 5 %; a straight-line model of the early curve):\n`,
  );
  console.log('| held-out problems | updates | seeds per reward |');
  console.log('| --- | --- | --- |');
  for (const r of plan.rows) console.log(`| ${r.heldOut} | ${r.updates} | ${r.seeds} |`);
  process.exit(0);
}

const job = argValue('--job');
if (job) {
  // A child process: one run, its progress on stderr and its result as the last line of stdout.
  const [reward, seed] = job.split(':');
  const run = await runOne(reward as RlReward, Number(seed), (line) => process.stderr.write(line + '\n'));
  process.stdout.write(JSON.stringify(run) + '\n');
  process.exit(0);
}

/** Runs one (reward, seed) in a child process of this same script: runs are independent and single-threaded. */
function child(reward: RlReward, seed: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const args = [...process.execArgv, process.argv[1], ...process.argv.slice(2), '--job', `${reward}:${seed}`];
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as Run)
        : reject(new Error(`${reward} seed ${seed} failed (${code})`)),
    );
  });
}

const jobs = Math.max(1, num('--jobs', Math.min(2, availableParallelism())));
// CAPO's runs take the longest (its critic samples), so they start first and no process idles at the end.
const queue = [...rewards]
  .sort((a, b) => Number(b === 'capo') - Number(a === 'capo'))
  .flatMap((reward) => seeds.map((seed) => ({ reward, seed })));
const done = new Map<string, Run>();
const shown = progress('npm run rl', queue.length, { unit: 'runs' });
const t0 = performance.now();
if (jobs === 1)
  for (const q of queue) {
    done.set(`${q.reward}:${q.seed}`, await runOne(q.reward, q.seed, console.log));
    shown.tick();
  }
else
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      for (let q = queue.shift(); q; q = queue.shift()) {
        done.set(`${q.reward}:${q.seed}`, await child(q.reward, q.seed));
        shown.tick();
      }
    }),
  );
shown.done();
// In the order asked for, whatever order they finished in.
const runs: Run[] = rewards.flatMap((reward) => seeds.map((seed) => done.get(`${reward}:${seed}`) as Run));
const wallS = (performance.now() - t0) / 1000;
const start = runs[0].curve[0].heldOutAccuracy;
const target = num('--target', Math.round((start + 0.05) * 100) / 100);
/** The first update whose held-out accuracy reaches the target; Infinity when none does. */
const reach = (curve: RlPoint[]) => curve.find((p) => p.update > 0 && p.heldOutAccuracy >= target)?.update ?? Infinity;
const byReward = new Map(rewards.map((r) => [r, runs.filter((x) => x.reward === r)]));
const reachOf = (r: RlReward) => (byReward.get(r) ?? []).map((x) => reach(x.curve));
/** Median (range) [95 % bootstrap interval over the seeds]. */
const range = (xs: number[], digits: number) => {
  const [lo, hi] = bootstrapInterval(xs);
  return `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}) [${lo.toFixed(digits)}, ${hi.toFixed(digits)}]`;
};
/** Per seed where both reached the target: the baseline's updates to it over this reward's (>1: this reward is faster). */
const ratio = (r: RlReward, to: RlReward) => {
  if (!byReward.has(to)) return 'n/a';
  const own = reachOf(r);
  const other = reachOf(to);
  const xs = own.flatMap((u, i) => (Number.isFinite(u) && Number.isFinite(other[i]) ? [other[i] / u] : []));
  if (!xs.length) return '—';
  return xs.length === own.length ? range(xs, 2) : `${range(xs, 2)} (${xs.length} of ${own.length} seeds)`;
};
const rows = rewards.map((r) => {
  const finals = (byReward.get(r) ?? []).map((x) => x.curve[x.curve.length - 1].heldOutAccuracy);
  const reached = reachOf(r);
  return {
    reward: r,
    updatesToTarget: reached.every(Number.isFinite)
      ? range(reached, 0)
      : `${reached.filter(Number.isFinite).length}/${reached.length} seeds reached`,
    vsOrm: ratio(r, 'orm'),
    vsOutcome: ratio(r, 'outcome'),
    finalAccuracy: range(finals, 3),
  };
});

console.log(
  `\nRL from arith-policy-ref (held-out greedy accuracy ${start.toFixed(3)} at the start), ${seeds.length} seed(s), ` +
    `${base.updates} updates of ${base.problems} problems × ${base.samples} samples, lr ${base.lr}; target ${target.toFixed(2)}; ` +
    `${(wallS / 60).toFixed(1)} min on ${jobs} process(es)\n`,
);
console.log('| reward | updates to target | ORM ÷ this | outcome-only ÷ this | final accuracy |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.reward} | ${r.updatesToTarget} | ${r.vsOrm} | ${r.vsOutcome} | ${r.finalAccuracy} |`);
console.log(
  '\nEach cell: the median over seeds, the range, and a 95 % percentile-bootstrap interval over the seeds (coarse with few seeds). ' +
    'A ratio above 1 means this reward reached the target in fewer updates; an interval that holds 1 does not tell the two apart.',
);

const json = argValue('--json');
if (json) writeFileSync(json, JSON.stringify({ options: base, seeds, target, start, wallS, jobs, rows, runs }, null, 2) + '\n');
