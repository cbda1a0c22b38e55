/** The `workbench.json` card of every shipped arith model: what it is, how to read it, and how it was made. */
import type { CurvePoint, WorkbenchCard } from '../model/modelCard';
import { PQM_TAG } from '../domain/steps';
import { PROMPT_TEMPLATE, STEP_REVIEW } from '../arith/prompts';
import { VERDICT_WEIGHT } from '../learn/arithData';
import { SEEDS, type Recipe } from './recipe';
import type { ZooId } from './zoo';

/** What the run knows only once a stage has finished. */
export interface StageFacts {
  steps: number;
  wallTimeS: number | null;
}

/** Counts of the training data the reward stages drew from. */
export interface DataFacts {
  rolloutPairs: number;
  rolloutTraces: number;
}

type Fields = Omit<WorkbenchCard, 'id' | 'provenance' | 'params'> & { params?: Record<string, number> };

const card = (
  recipe: Recipe,
  id: ZooId,
  fields: Fields,
  how: string,
  data: string,
  facts: StageFacts,
  curve?: CurvePoint[],
): WorkbenchCard => ({
  id,
  params: {},
  ...fields,
  provenance: {
    how,
    data,
    steps: facts.steps,
    wallTimeS: facts.wallTimeS,
    seed: recipe.seed,
    metrics: {},
    ...(curve?.length ? { curve } : {}),
  },
});

/** Reward models that keep the policy's LM head: they read BOS, prompt, response and EOS, like the policy. */
const readout = (meaning: 'lm-token-logprob' | 'lm-prefix-softmin' | 'lm-softmin-outcome') => ({
  role: 'reward' as const,
  output: { name: 'logits', meaning },
  stepTag: null,
  template: { prompt: PROMPT_TEMPLATE, response: '{response}<|endoftext|>' },
});
const lmStart = (r: Recipe, steps: number, lr: number) =>
  `from arith-policy, keeping its LM head; AdamW lr ${lr}, at most ${steps} steps, the checkpoint kept by validation (every ${r.readout.evalEvery} steps)`;
/** What the kept checkpoint was chosen by, and that the curve is on validation seeds. */
const keptBy = (metric: string) =>
  ` Kept: the checkpoint with the best validation ${metric} (provenance.steps is its step; provenance.curve the validation curve).`;

const lm = {
  role: 'policy' as const,
  method: null,
  output: { name: 'logits', meaning: 'vocab-logits' as const },
  stepTag: null,
  template: { prompt: PROMPT_TEMPLATE, response: '{response}' },
};
const scalar = {
  role: 'reward' as const,
  output: { name: 'logits', meaning: 'token-scalar' as const },
  stepTag: null,
  template: { prompt: PROMPT_TEMPLATE, response: '{response}<|endoftext|>' },
};
const tagged = {
  ...scalar,
  output: { name: 'logits', meaning: 'step-tag-scalar' as const },
  stepTag: PQM_TAG,
  template: { prompt: PROMPT_TEMPLATE, response: '{response}' },
};

const policyData = (r: Recipe) =>
  `gold solutions of ${r.policy.steps * r.policy.batch} seeded problems (seeds ${SEEDS.train}…), plus ${r.policy.drills} drill sequences of arithmetic lines per step (loss on the results only)`;

const half = (r: Recipe) => r.readout.batchPairs / 2;
const pairData = (r: Recipe, d: DataFacts) =>
  `per step, ${half(r)} of ${d.rolloutPairs} preference pairs from arith-policy rollouts (T=${r.rollouts.temperature}, ${r.rollouts.samples} samples on each of ${r.rollouts.problems} problems; a sampled correct answer, or the gold one, against a sampled wrong one), and ${half(r)} fresh pairs of a gold solution against a seeded mistake (seeds ${SEEDS.corrupted}…, the mistake kinds in turn)`;
const traceData = (d: DataFacts, batch: number, labels = 'step labels from the verifier, wrong from the first error on') =>
  `per step, ${batch / 2} of ${d.rolloutTraces} distinct arith-policy rollouts and ${batch / 2} fresh traces (gold and seeded mistake, seeds ${SEEDS.corrupted}…); ${labels}`;

export const policyCard = (r: Recipe, f: StageFacts) =>
  card(
    r,
    'arith-policy',
    {
      ...lm,
      name: 'Arith policy',
      description: 'A character-level LM that solves 2–4-step arithmetic word problems, one "Step k:" line per operation.',
    },
    `trained from scratch with next-token cross-entropy on the response, AdamW lr ${r.policy.lr}, batch ${r.policy.batch}`,
    policyData(r),
    f,
  );

export const referenceCard = (r: Recipe, f: StageFacts, accuracy: number) =>
  card(
    r,
    'arith-policy-ref',
    {
      ...lm,
      role: 'reference',
      name: 'Arith policy (early checkpoint)',
      description: 'An early checkpoint of the policy: the reference for the implicit PRM and a weak starting point for RL.',
    },
    `the arith-policy run at step ${f.steps} of ${r.policy.steps}: the first checkpoint (every ${r.policy.refEvery} steps) with ≥ ${r.policy.refAccuracy} greedy accuracy on the validation problems, else the most accurate one (this one had ${accuracy.toFixed(3)})`,
    policyData(r),
    f,
  );

export const qrmCard = (r: Recipe, f: StageFacts, d: DataFacts, curve?: CurvePoint[]) =>
  card(
    r,
    'arith-qrm',
    {
      ...readout('lm-token-logprob'),
      method: 'qrm',
      name: 'Arith Q-RM',
      description:
        "Token credit Z_t = log φ(y_t) of the policy's own LM head, trained on preference pairs only with the Q-RM loss (mean Z over response + EOS), held near the policy by an L2 anchor. The lowest credit should sit on the wrong characters." +
        keptBy('pair accuracy'),
      params: { beta: r.qrm.beta, gamma: r.qrm.gamma },
    },
    `${lmStart(r, r.qrm.steps, r.qrm.lr)}; Q-RM pair loss β=${r.qrm.beta} γ=${r.qrm.gamma} on Z = log φ; L2 anchor λ=${r.qrm.anchor} to the policy's weights; ${r.readout.batchPairs} pairs per step; no token or step label`,
    pairData(r, d),
    f,
    curve,
  );

/** Whether the papers' scalar heads learn given time: their 3,000-step curves (docs/results/vhead-curves.json). */
const VHEAD_QRM_CURVE =
  'Trained 3,000 steps, its validation pair accuracy rose from 0.49 to about 0.65 by step 750 and stayed there while its training loss kept falling (2.09 to 1.47), and its token AUROC stayed between 0.52 and 0.60: at this scale the head learns a little about whole answers and nothing about where the mistake is.';
const VHEAD_PQM_CURVE =
  'Trained 3,000 steps, its training loss fell only from 2.83 to 2.58, its validation pair accuracy from 0.44 to 0.52 and its first-error F1 never passed 0.21: at this scale the value head does not learn.';

export const qrmVheadCard = (r: Recipe, f: StageFacts, d: DataFacts, curve?: CurvePoint[]) =>
  card(
    r,
    'arith-qrm-vhead',
    {
      ...scalar,
      method: 'qrm',
      name: 'Arith Q-RM (v_head)',
      description:
        "The Q-RM authors' design: a new scalar head Z_t on every position (random init) in place of the LM head, same pairs, loss and budget as arith-qrm, for comparison. " +
        VHEAD_QRM_CURVE +
        keptBy('pair accuracy'),
      params: { beta: r.qrm.beta, gamma: r.qrm.gamma },
    },
    `from arith-policy with a new scalar head, Q-RM pair loss β=${r.qrm.beta} γ=${r.qrm.gamma}, AdamW lr ${r.vhead.lr}, at most ${r.vhead.steps ?? r.qrm.steps} steps, ${r.readout.batchPairs} pairs per step`,
    pairData(r, d),
    f,
    curve,
  );

export const dpoCard = (r: Recipe, f: StageFacts, d: DataFacts, curve?: CurvePoint[]) => ({
  ...card(
    r,
    'arith-dpo',
    {
      ...lm,
      role: 'reward',
      method: 'implicit-prm',
      name: 'Arith DPO (implicit PRM)',
      description:
        'A DPO model with arith-policy as its reference: its token credit is the implicit PRM β·log π_θ(y_t)/π_ref(y_t) ("Free Process Rewards without Process Labels"), the other pairs-only token credit.' +
        keptBy('pair accuracy'),
      params: { beta: r.dpo.beta },
    },
    `${lmStart(r, r.dpo.steps, r.dpo.lr)}; DPO loss β=${r.dpo.beta} against arith-policy (log π summed over response + EOS); ${r.readout.batchPairs} pairs per step`,
    pairData(r, d),
    f,
    curve,
  ),
  reference: 'arith-policy',
});

export const ormCard = (r: Recipe, f: StageFacts, d: DataFacts, curve?: CurvePoint[]) =>
  card(
    r,
    'arith-orm',
    {
      ...readout('lm-softmin-outcome'),
      method: 'orm',
      name: 'Arith ORM',
      description:
        "An outcome reward model on the policy's LM head: one score per answer, the soft minimum (T = " +
        String(r.readout.temperature) +
        ') of log φ over the response and EOS, trained with Bradley–Terry on pairs.' +
        keptBy('pair accuracy'),
      params: { temperature: r.readout.temperature, bias: 0 },
    },
    `${lmStart(r, r.orm.steps, r.orm.lr)}; Bradley–Terry loss on the soft-minimum score; ${r.readout.batchPairs} pairs per step`,
    pairData(r, d),
    f,
    curve,
  );

const stepDescription = (r: Recipe, what: string) =>
  `${what} Q_k = bias + softmin (T = ${r.readout.temperature}) of log φ over every token of steps 1..k, read from the policy's own LM head; the bias moves the untrained read-out's best validation threshold to 0.`;

export const pqmCard = (r: Recipe, f: StageFacts, d: DataFacts, bias: number, curve?: CurvePoint[]) =>
  card(
    r,
    'arith-pqm',
    {
      ...readout('lm-prefix-softmin'),
      method: 'pqm',
      name: 'Arith PQM',
      description:
        stepDescription(r, 'Step Q-values trained with the comparative ranking loss; Q < 0 reads as wrong.') + keptBy('first-error F1'),
      params: { zeta: r.pqm.zeta, threshold: 0, temperature: r.readout.temperature, bias: Number(bias.toFixed(4)) },
    },
    `${lmStart(r, r.steps.steps, r.steps.lr)}; PQM comparative loss ζ=${r.pqm.zeta} on Q_k`,
    traceData(d, 2 * r.readout.batchPairs),
    f,
    curve,
  );

export const prmCard = (r: Recipe, f: StageFacts, d: DataFacts, bias: number, curve?: CurvePoint[]) =>
  card(
    r,
    'arith-prm',
    {
      ...readout('lm-prefix-softmin'),
      method: 'cls-prm',
      name: 'Arith classification PRM',
      description:
        stepDescription(r, 'The baseline PQM claims to beat: σ(Q_k) is the probability that step k is right, trained with step BCE;') +
        keptBy('first-error F1'),
      params: { temperature: r.readout.temperature, bias: Number(bias.toFixed(4)) },
    },
    `${lmStart(r, r.steps.steps, r.steps.lr)}; step BCE on σ(Q_k)`,
    traceData(d, 2 * r.readout.batchPairs),
    f,
    curve,
  );

export const pqmVheadCard = (r: Recipe, f: StageFacts, d: DataFacts, curve?: CurvePoint[]) =>
  card(
    r,
    'arith-pqm-vhead',
    {
      ...tagged,
      method: 'pqm',
      name: 'Arith PQM (value head)',
      description:
        "PQM's own design: a new scalar value head read at the [PRM] tag after each step (random init), same data, loss and budget as arith-pqm, for comparison; Q < 0 reads as wrong. " +
        VHEAD_PQM_CURVE +
        keptBy('first-error F1'),
      params: { ...r.pqm, threshold: 0 },
    },
    `from arith-policy with a new [PRM] embedding row and a scalar head, PQM comparative loss ζ=${r.pqm.zeta}, AdamW lr ${r.vhead.lr}, at most ${r.vhead.steps ?? r.steps.steps} steps`,
    traceData(d, 2 * r.readout.batchPairs),
    f,
    curve,
  );

export const criticCard = (r: Recipe, f: StageFacts, d: DataFacts, curve?: CurvePoint[]) =>
  card(
    r,
    'arith-critic',
    {
      ...lm,
      role: 'critic',
      method: 'capo-critic',
      name: 'Arith critic',
      description:
        'A generative critic for CAPO that reviews a solution step by step: after "Try:" it writes the step as it should read, after the given step ("Got:") it writes "ok" or "wrong".',
      template: { prompt: PROMPT_TEMPLATE, response: '{review}' },
      review: STEP_REVIEW,
    },
    `${r.critic.size ? `from fresh weights (d ${r.critic.size.nEmbd}, ${r.critic.size.nLayer} layers)` : 'from arith-policy'}, next-token cross-entropy on what it writes in the step-by-step review (critic SFT; verdict tokens weigh ${VERDICT_WEIGHT}, a "wrong" verdict's ${r.critic.wrongOdds}× that, a right step's given line 1), AdamW lr ${r.critic.lr}, SIMD passes${
      r.critic.validateEvery ? `, at most ${r.critic.steps} steps, kept at the best single-review F1 on the validation pairs` : ''
    }`,
    `step-by-step reviews written from the verifier: ${traceData(d, r.critic.batch, 'after Try: the line the verifier expects, after the given step its verdict on that step alone (given the steps before it)')}`,
    f,
    curve,
  );
