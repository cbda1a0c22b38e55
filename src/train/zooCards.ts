/** The `workbench.json` card of every shipped arith model: what it is, how to read it, and how it was made. */
import type { WorkbenchCard } from '../domain/modelCard';
import { PQM_TAG } from '../domain/steps';
import { PROMPT_TEMPLATE } from './arithFormats';
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

const card = (recipe: Recipe, id: ZooId, fields: Fields, how: string, data: string, facts: StageFacts): WorkbenchCard => ({
  id,
  params: {},
  ...fields,
  provenance: { how, data, steps: facts.steps, wallTimeS: facts.wallTimeS, seed: recipe.seed, metrics: {} },
});

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

const half = (r: Recipe) => r.reward.batchPairs / 2;
const pairData = (r: Recipe, d: DataFacts) =>
  `per step, ${half(r)} of ${d.rolloutPairs} preference pairs from arith-policy rollouts (T=${r.rollouts.temperature}, ${r.rollouts.samples} samples on each of ${r.rollouts.problems} problems; a sampled correct answer, or the gold one, against a sampled wrong one), and ${half(r)} fresh pairs of a gold solution against a seeded mistake (seeds ${SEEDS.corrupted}…, the mistake kinds in turn)`;
const traceData = (d: DataFacts, batch: number) =>
  `per step, ${batch / 2} of ${d.rolloutTraces} distinct arith-policy rollouts and ${batch / 2} fresh traces (gold and seeded mistake, seeds ${SEEDS.corrupted}…); step labels from the verifier, wrong from the first error on`;

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

export const qrmCard = (r: Recipe, f: StageFacts, d: DataFacts) =>
  card(
    r,
    'arith-qrm',
    {
      ...scalar,
      method: 'qrm',
      name: 'Arith Q-RM',
      description:
        'Token-level Q-values Z_t from pairs only (Q-RM loss, mean Z over response + EOS). Lowest credit should sit on the wrong characters.',
      params: { ...r.qrm },
    },
    `from arith-policy, Q-RM pair loss β=${r.qrm.beta} γ=${r.qrm.gamma}, AdamW lr ${r.reward.lr}, ${r.reward.batchPairs} pairs per step`,
    pairData(r, d),
    f,
  );

export const ormCard = (r: Recipe, f: StageFacts, d: DataFacts) =>
  card(
    r,
    'arith-orm',
    {
      ...scalar,
      method: 'orm',
      name: 'Arith ORM',
      description: 'An outcome reward model: one Bradley–Terry score read at the last token (EOS).',
    },
    `from arith-policy, Bradley–Terry loss on the EOS score, AdamW lr ${r.reward.lr}, ${r.reward.batchPairs} pairs per step`,
    pairData(r, d),
    f,
  );

export const pqmCard = (r: Recipe, f: StageFacts, d: DataFacts) =>
  card(
    r,
    'arith-pqm',
    {
      ...tagged,
      method: 'pqm',
      name: 'Arith PQM',
      description: 'Step Q-values at the [PRM] tag after each step line, trained with the comparative ranking loss; Q < 0 reads as wrong.',
      params: { ...r.pqm, threshold: 0 },
    },
    `from arith-policy with a new [PRM] embedding row, PQM comparative loss ζ=${r.pqm.zeta}, AdamW lr ${r.reward.lr}`,
    traceData(d, 2 * r.reward.batchPairs),
    f,
  );

export const prmCard = (r: Recipe, f: StageFacts, d: DataFacts) =>
  card(
    r,
    'arith-prm',
    {
      ...tagged,
      method: 'cls-prm',
      name: 'Arith classification PRM',
      description: 'The baseline PQM claims to beat: σ(z) at each [PRM] tag is the probability that the step is right, trained with BCE.',
    },
    `from arith-policy with a new [PRM] embedding row, step BCE, AdamW lr ${r.reward.lr}`,
    traceData(d, 2 * r.reward.batchPairs),
    f,
  );

export const criticCard = (r: Recipe, f: StageFacts, d: DataFacts) =>
  card(
    r,
    'arith-critic',
    {
      ...lm,
      role: 'critic',
      method: 'capo-critic',
      name: 'Arith critic',
      description:
        'A generative critic for CAPO: after "Review:" it names what is wrong in each wrong line and ends with "Wrong steps: [i, j]" (0-based, the answer line last).',
      template: { prompt: `${PROMPT_TEMPLATE}{solution}\nReview:`, response: '{review}' },
    },
    `from arith-policy, next-token cross-entropy on the review (critic SFT), AdamW lr ${r.critic.lr}`,
    `reviews written from the verifier's step labels: ${traceData(d, r.critic.batch)}`,
    f,
  );
