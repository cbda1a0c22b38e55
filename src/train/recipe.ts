/** Every number that decides a zoo run. `full` makes the shipped models; `smoke` checks the pipeline in CI in seconds. */
export interface Recipe {
  name: 'full' | 'smoke';
  model: { nLayer: number; nHead: number; nEmbd: number };
  workers: number;
  seed: number;
  /**
   * Every stage with the SIMD element-wise passes (`--simd`): about twice as fast, and other (equally good) bytes than
   * the shipped models', which mostly came from the JS passes. For learning curves, not for the shipped models.
   */
  simd?: boolean;
  /**
   * Per step: `batch` problems plus `drills` drill sequences of up to `drillChars` characters. The reference model is
   * the first checkpoint (every `refEvery` steps) whose greedy validation accuracy reaches `refAccuracy`.
   */
  policy: { steps: number; batch: number; drills: number; drillChars: number; lr: number; refEvery: number; refAccuracy: number };
  rollouts: { problems: number; samples: number; temperature: number };
  /**
   * The LM-head read-outs: softmin temperature, pairs per step (half from the rollouts, half fresh corrupted pairs;
   * step models take twice as many traces), and how often each stage is measured on the validation pairs.
   */
  readout: { temperature: number; batchPairs: number; evalEvery: number };
  /** Q-RM on token log φ, pairs only; `anchor` is λ of the L2 pull back to the policy's weights. */
  qrm: { beta: number; gamma: number; steps: number; lr: number; anchor: number };
  dpo: { beta: number; steps: number; lr: number };
  orm: { steps: number; lr: number };
  /** PQM (comparative loss) and the classification PRM (step BCE) on the prefix-softmin read-out. */
  steps: { steps: number; lr: number };
  pqm: { zeta: number };
  /**
   * The papers' scalar heads (random init): their learning rate; data as their LM-head counterparts, and their steps
   * and validation interval too unless `steps` and `evalEvery` are given (their learning curves).
   */
  vhead: { lr: number; steps?: number; evalEvery?: number };
  /**
   * The critic's SFT; `validateEvery` > 0 measures its reviews on the validation pairs every so many steps (single-review
   * and majority-of-4 first-error F1), puts the curve on its card and keeps the best checkpoint by single-review F1.
   */
  critic: {
    steps: number;
    batch: number;
    lr: number;
    validateEvery: number;
    /** How many times an "ok" verdict a "wrong" one weighs (class weights; learn/arithData.ts `stepReviewExample`). */
    wrongOdds: number;
    /** A larger critic trained from its own start (fresh weights), not from the policy: its width and depth. */
    size?: { nEmbd: number; nLayer: number; nHead: number };
  };
  report: { problems: number; validationProblems: number };
}

/**
 * Problem seeds: the policy's problems, the rollouts' problems, the fresh corrupted pairs of the reward stages, drills,
 * validation (τ, the reference checkpoint) and the report never overlap.
 */
export const SEEDS = {
  train: 1_000_000,
  rollouts: 1_500_000,
  corrupted: 2_000_000,
  drill: 5_000_000,
  validation: 8_000_000,
  report: 9_000_000,
} as const;

/**
 * The critic's class weight for "wrong" verdicts, chosen on the validation pairs (never the report's). Sampling the
 * earlier critic's verdicts with 0, 1, 2 or 3 added to the log-odds of "wrong", the majority of four reviews scored
 * first-error F1 0.673, 0.734, 0.757 and 0.638: best at 2, so "wrong" weighs 8 (ln 8 ≈ 2.1) times "ok" in training.
 * docs/methods-and-models.md has the sweep.
 */
const WRONG_ODDS = 8;

export const FULL: Recipe = {
  name: 'full',
  model: { nLayer: 3, nHead: 4, nEmbd: 64 },
  workers: 1,
  seed: 1,
  policy: { steps: 3200, batch: 16, drills: 12, drillChars: 240, lr: 3e-3, refEvery: 100, refAccuracy: 0.35 },
  rollouts: { problems: 1600, samples: 4, temperature: 1 },
  readout: { temperature: 0.1, batchPairs: 8, evalEvery: 25 },
  qrm: { beta: 0.2, gamma: 2, steps: 200, lr: 1e-4, anchor: 30 },
  dpo: { beta: 1, steps: 400, lr: 1e-4 },
  orm: { steps: 200, lr: 1e-4 },
  steps: { steps: 300, lr: 1e-4 },
  pqm: { zeta: 4 },
  vhead: { lr: 1e-3 },
  critic: { steps: 3000, batch: 16, lr: 1e-3, validateEvery: 0, wrongOdds: WRONG_ODDS },
  report: { problems: 300, validationProblems: 150 },
};

/** FULL's recipe, shrunk: a tiny model, a few steps and a handful of problems. */
export const SMOKE: Recipe = {
  ...FULL,
  name: 'smoke',
  model: { nLayer: 1, nHead: 2, nEmbd: 16 },
  policy: { ...FULL.policy, steps: 4, batch: 4, drills: 2, drillChars: 60, refEvery: 1, refAccuracy: 0 },
  rollouts: { ...FULL.rollouts, problems: 6, samples: 2 },
  readout: { ...FULL.readout, batchPairs: 4, evalEvery: 1 },
  qrm: { ...FULL.qrm, steps: 2 },
  dpo: { ...FULL.dpo, steps: 2 },
  orm: { ...FULL.orm, steps: 2 },
  steps: { ...FULL.steps, steps: 2 },
  critic: { ...FULL.critic, steps: 2, batch: 4 },
  report: { problems: 4, validationProblems: 4 },
};

/**
 * `--smoke` on the command line picks SMOKE; otherwise FULL. `--critic-steps N`, `--critic-lr X`, `--critic-every K`,
 * `--critic-width D`, `--critic-layers L` and `--critic-wrong-odds X` change the critic's stage (its learning curves; a larger critic starts
 * from fresh weights of that size instead of the policy's). `--vhead-steps N --vhead-every K` train the `-vhead` models
 * N steps with a validation point every K (their learning curves); `--simd` runs every stage with the SIMD passes.
 */
export function recipeFromArgs(argv: readonly string[]): Recipe {
  const base = argv.includes('--smoke') ? SMOKE : FULL;
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || v < 0) throw new Error(`${flag} needs a number, got ${JSON.stringify(argv[i + 1])}`);
    return v;
  };
  const width = value('--critic-width');
  const layers = value('--critic-layers');
  const critic = {
    ...base.critic,
    steps: value('--critic-steps') ?? base.critic.steps,
    lr: value('--critic-lr') ?? base.critic.lr,
    validateEvery: value('--critic-every') ?? base.critic.validateEvery,
    wrongOdds: value('--critic-wrong-odds') ?? base.critic.wrongOdds,
    ...(width || layers
      ? { size: { nEmbd: width ?? base.model.nEmbd, nLayer: layers ?? base.model.nLayer, nHead: base.model.nHead } }
      : {}),
  };
  const vheadSteps = value('--vhead-steps');
  const vheadEvery = value('--vhead-every');
  const vhead = {
    ...base.vhead,
    ...(vheadSteps ? { steps: vheadSteps } : {}),
    ...(vheadEvery ? { evalEvery: vheadEvery } : {}),
  };
  return { ...base, critic, vhead, ...(argv.includes('--simd') ? { simd: true } : {}) };
}
