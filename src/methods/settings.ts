/**
 * Every choice methods.md marks [I] (a proposal) or [?] (unknown), plus a few repo options [R], as a named setting
 * with the proposed default, for the views to list next to each method and label as proposals.
 */
export interface SettingSpec<T> {
  default: T;
  options?: readonly T[];
  section: string;
  tag: 'I' | '?' | 'R';
  doc: string;
}

type Tag = SettingSpec<unknown>['tag'];

/** A setting with a fixed set of options; its type is the union of the options. */
function choice<const T extends string>(
  options: readonly T[],
  defaultValue: NoInfer<T>,
  section: string,
  tag: Tag,
  doc: string,
): SettingSpec<T> {
  return { default: defaultValue, options, section, tag, doc };
}

/** A numeric or on/off setting. */
function value(defaultValue: number, section: string, tag: Tag, doc: string): SettingSpec<number>;
function value(defaultValue: boolean, section: string, tag: Tag, doc: string): SettingSpec<boolean>;
function value(defaultValue: number | boolean, section: string, tag: Tag, doc: string): SettingSpec<number | boolean> {
  return { default: defaultValue, section, tag, doc };
}

export const SETTINGS = {
  'qrm.stepAggregation': choice(['mean', 'min', 'sum'], 'mean', '§2.8', 'I', 'How token Z-values become a step score.'),
  'qrm.rewardSubMean': value(false, '§2.6', 'R', 'Subtract the global token mean before dividing by the std (off in the repo).'),
  'qrm.eosRescore': value(true, '§2.6', 'R', 'REINFORCE: replace the last token reward by the sequence mean.'),
  'qrm.klCoef': value(
    0.01,
    '§2.7',
    'I',
    'PPO KL penalty coefficient; KL is an explicit option because the shipped script may drop the reference.',
  ),
  'qrm.valueCoef': value(0.01, '§2.7', 'R', 'PPO advantage A = r − c_v·V̂.'),
  'qrm.vocabHead': value(false, '§2.9', 'I', 'Experimental vocabulary-head variant (V = β·logsumexp(Z/β)); not what the authors ran.'),
  'qrm.stepThreshold': value(0, '§2.8, §6', 'I', 'A step is wrong if its score is below τ; calibrate τ on labelled data.'),
  'pqm.zeta': value(4, '§3.4', 'R', 'Margin ζ added to every wrong step in the comparative loss.'),
  'pqm.sequenceAggregation': choice(['min', 'last'], 'min', '§3.5', 'R', 'Sequence score for Best-of-N.'),
  'pqm.threshold': value(0, '§3.6', 'I', 'A step is wrong if Q < threshold; 0 is the natural anchor (Q₀ = 0).'),
  'pqm.template': choice(
    ['training', 'evaluation'],
    'training',
    '§3.5',
    'I',
    'Prompt template: [INST] (training) or the Alpaca-style evaluation one.',
  ),
  'pqm.forceMonotoneLabels': value(false, '§3.6', 'I', 'Force labels after the first error to "wrong" when synthesising data.'),
  'capo.stepSplit': choice(['blank-lines', 'step-k'], 'blank-lines', '§1.2', 'I', 'How a response is split into steps for the critic.'),
  'capo.includeGoldAnswer': value(false, '§4.3', 'I', 'Show the gold final answer to the critic.'),
  'capo.vote': choice(['union', 'intersection', 'majority'], 'majority', '§4.4', '?', 'How N critiques are merged.'),
  'capo.voteTau': value(0.5, '§4.4', 'I', 'Majority: a step is wrong if its vote fraction is strictly above τ.'),
  'capo.numCritiques': value(4, '§4.4', '?', 'Critiques sampled per response.'),
  'capo.wWhole': value(2, '§4.5', '?', 'Outcome weight W_whole.'),
  'capo.wProcess': value(1, '§4.5', '?', 'Wrong-step penalty W_process.'),
  'capo.outcome': choice(['zero-one', 'plus-minus-one'], 'zero-one', '§4.5', 'I', 'Verifier outcome as rv ∈ {0, 1} or {−1, +1}.'),
  'capo.advantage': choice(['token', 'response'], 'token', '§4.6', 'I', 'Group normalisation pooled over tokens or over response means.'),
  'capo.eps': value(1e-6, '§4.6', 'I', 'ε in A = (R − μ)/(σ + ε).'),
  'capo.klBeta': value(0, '§4.6', '?', 'KL coefficient to a reference policy.'),
  'implicitPrm.beta': value(0.1, '§5.3', 'R', 'β in r_t = β·(log π − log π_ref).'),
  'implicitPrm.repoCompatShift': value(
    false,
    '§1.1',
    'I',
    'Reproduce the Q-RM repo DPO-RM alignment (each token gets the next token’s log-ratio).',
  ),
  'implicitPrm.aggregation': choice(['min-step', 'final-q'], 'min-step', '§5.3', 'I', 'Sequence score from step rewards.'),
  'clsPrm.aggregation': choice(['min', 'product', 'last', 'mean'], 'min', '§5.2', 'I', 'How step probabilities become a solution score.'),
  'processBench.tau': value(0.5, '§6', 'I', 'Probability PRMs: the first step with p < τ is the predicted first error.'),
  'numeric.stdEps': value(1e-8, '§1.3', 'I', 'Guard for dividing by a zero standard deviation.'),
};

export type SettingName = keyof typeof SETTINGS;
export type VoteMode = (typeof SETTINGS)['capo.vote']['default'];
export type StepAggregation = (typeof SETTINGS)['clsPrm.aggregation']['default'];
