/**
 * Every choice methods.md marks [I] (a proposal) or [?] (unknown), as a named setting with the proposed default.
 * The UI lists these next to each method and labels them as proposals.
 */
export interface SettingSpec<T> {
  default: T;
  options?: readonly NoInfer<T>[];
  section: string;
  tag: 'I' | '?' | 'R';
  doc: string;
}

function spec<T>(s: SettingSpec<T>): SettingSpec<T> {
  return s;
}

export const SETTINGS = {
  'qrm.stepAggregation': spec({
    default: 'mean' as 'mean' | 'min' | 'sum',
    options: ['mean', 'min', 'sum'],
    section: '§2.8',
    tag: 'I',
    doc: 'How token Z-values become a step score.',
  }),
  'qrm.rewardSubMean': spec({
    default: false,
    section: '§2.6',
    tag: 'R',
    doc: 'Subtract the global token mean before dividing by the std (off in the repo).',
  }),
  'qrm.eosRescore': spec({
    default: true,
    section: '§2.6',
    tag: 'R',
    doc: 'REINFORCE: replace the last token reward by the sequence mean.',
  }),
  'qrm.klCoef': spec({
    default: 0.01,
    section: '§2.7',
    tag: 'I',
    doc: 'PPO KL penalty coefficient; KL is an explicit option because the shipped script may drop the reference.',
  }),
  'qrm.valueCoef': spec({ default: 0.01, section: '§2.7', tag: 'R', doc: 'PPO advantage A = r − c_v·V̂.' }),
  'qrm.vocabHead': spec({
    default: false,
    section: '§2.9',
    tag: 'I',
    doc: 'Experimental vocabulary-head variant (V = β·logsumexp(Z/β)); not what the authors ran.',
  }),
  'qrm.stepThreshold': spec({
    default: 0,
    section: '§2.8, §6',
    tag: 'I',
    doc: 'A step is wrong if its score is below τ; calibrate τ on labelled data.',
  }),
  'pqm.zeta': spec({ default: 4, section: '§3.4', tag: 'R', doc: 'Margin ζ added to every wrong step in the comparative loss.' }),
  'pqm.sequenceAggregation': spec({
    default: 'min' as 'min' | 'last',
    options: ['min', 'last'],
    section: '§3.5',
    tag: 'R',
    doc: 'Sequence score for Best-of-N.',
  }),
  'pqm.threshold': spec({
    default: 0,
    section: '§3.6',
    tag: 'I',
    doc: 'A step is wrong if Q < threshold; 0 is the natural anchor (Q₀ = 0).',
  }),
  'pqm.template': spec({
    default: 'training' as 'training' | 'evaluation',
    options: ['training', 'evaluation'],
    section: '§3.5',
    tag: 'I',
    doc: 'Prompt template: [INST] (training) or the Alpaca-style evaluation one.',
  }),
  'pqm.forceMonotoneLabels': spec({
    default: false,
    section: '§3.6',
    tag: 'I',
    doc: 'Force labels after the first error to "wrong" when synthesising data.',
  }),
  'capo.stepSplit': spec({
    default: 'blank-lines' as 'blank-lines' | 'step-k',
    options: ['blank-lines', 'step-k'],
    section: '§1.2',
    tag: 'I',
    doc: 'How a response is split into steps for the critic.',
  }),
  'capo.includeGoldAnswer': spec({ default: false, section: '§4.3', tag: 'I', doc: 'Show the gold final answer to the critic.' }),
  'capo.vote': spec({
    default: 'majority' as VoteMode,
    options: ['union', 'intersection', 'majority'],
    section: '§4.4',
    tag: '?',
    doc: 'How N critiques are merged.',
  }),
  'capo.voteTau': spec({
    default: 0.5,
    section: '§4.4',
    tag: 'I',
    doc: 'Majority: a step is wrong if its vote fraction is strictly above τ.',
  }),
  'capo.numCritiques': spec({ default: 4, section: '§4.4', tag: '?', doc: 'Critiques sampled per response.' }),
  'capo.wWhole': spec({ default: 2, section: '§4.5', tag: '?', doc: 'Outcome weight W_whole.' }),
  'capo.wProcess': spec({ default: 1, section: '§4.5', tag: '?', doc: 'Wrong-step penalty W_process.' }),
  'capo.outcome': spec({
    default: 'zero-one' as 'zero-one' | 'plus-minus-one',
    options: ['zero-one', 'plus-minus-one'],
    section: '§4.5',
    tag: 'I',
    doc: 'Verifier outcome as rv ∈ {0, 1} or {−1, +1}.',
  }),
  'capo.advantage': spec({
    default: 'token' as 'token' | 'response',
    options: ['token', 'response'],
    section: '§4.6',
    tag: 'I',
    doc: 'Group normalisation pooled over tokens or over response means.',
  }),
  'capo.eps': spec({ default: 1e-6, section: '§4.6', tag: 'I', doc: 'ε in A = (R − μ)/(σ + ε).' }),
  'capo.klBeta': spec({ default: 0, section: '§4.6', tag: '?', doc: 'KL coefficient to a reference policy.' }),
  'implicitPrm.beta': spec({ default: 0.1, section: '§5.3', tag: 'R', doc: 'β in r_t = β·(log π − log π_ref).' }),
  'implicitPrm.repoCompatShift': spec({
    default: false,
    section: '§1.1',
    tag: 'I',
    doc: 'Reproduce the Q-RM repo DPO-RM alignment (each token gets the next token’s log-ratio).',
  }),
  'implicitPrm.aggregation': spec({
    default: 'min-step' as 'min-step' | 'final-q',
    options: ['min-step', 'final-q'],
    section: '§5.3',
    tag: 'I',
    doc: 'Sequence score from step rewards.',
  }),
  'clsPrm.aggregation': spec({
    default: 'min' as StepAggregation,
    options: ['min', 'product', 'last', 'mean'],
    section: '§5.2',
    tag: 'I',
    doc: 'How step probabilities become a solution score.',
  }),
  'processBench.tau': spec({
    default: 0.5,
    section: '§6',
    tag: 'I',
    doc: 'Probability PRMs: the first step with p < τ is the predicted first error.',
  }),
  'numeric.stdEps': spec({ default: 1e-8, section: '§1.3', tag: 'I', doc: 'Guard for dividing by a zero standard deviation.' }),
} as const;

export type VoteMode = 'union' | 'intersection' | 'majority';
export type StepAggregation = 'min' | 'product' | 'last' | 'mean';
export type SettingName = keyof typeof SETTINGS;
