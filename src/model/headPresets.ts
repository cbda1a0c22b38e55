/**
 * Head presets (design.md §3): how the published reward models are read, as the card fields they fill. The form a
 * folder without workbench.json opens starts from the preset its config.json suggests; every field stays editable.
 */
import { STEP_REVIEW } from '../arith/prompts';
import { architectureNames, suggestTemplates } from './cardSuggestion';
import type { ModelMethod, ModelRole, OutputMeaning, StepReview, Verdict, WorkbenchCard } from './modelCard';

export interface HeadPreset {
  id: string;
  /** What the preset is, with the models that are read this way. */
  label: string;
  role: ModelRole;
  method: ModelMethod | null;
  meaning: OutputMeaning;
  stepTag: string | null;
  /** Whether the response template ends with the end-of-text token (an outcome read there). */
  endOfText: boolean;
  /** Card params the preset sets (`rightLabel: 1` where label 1 means "right"). */
  params?: Record<string, number>;
  /** Two LM tokens read as the step's classes, "right" first. */
  tokenPair?: [string, string];
  /** What goes inside the model's chat turn instead of the bare problem (the critic's instruction); editable in the form. */
  promptBody?: string;
  /** The user's turn when it holds the solution too (`{problem}` and `{response}`): a verifier's request. */
  userTurn?: string;
  /** What the model's own turn starts with, before the verdict lines. */
  assistantLead?: string;
  /** A generative verifier's verdict lines (see the card's `verdict`). */
  verdict?: Verdict;
  /** A critic that reviews one step at a time (see the card's `review`). */
  review?: StepReview;
}

/**
 * The instruction an instruct LLM gets as CAPO's critic. The answer format is the one CreditLens parses: a last line
 * `Wrong steps: [...]` whose numbers count the first step as 0 (methods.md §4.3); the page shows steps from 1.
 */
export const CRITIQUE_INSTRUCTION = [
  'Check this solution step by step. Its steps are its lines; count the first line as step 0.',
  '',
  'Problem: {problem}',
  '',
  'Solution:',
  '{solution}',
  '',
  'Say briefly what is wrong, if anything. End with one line "Wrong steps: [..]" listing the numbers of the wrong steps, or "Wrong steps: []" if every step is right.',
].join('\n');

/**
 * The instruction an instruct LLM gets as a step-by-step critic (the card's `review`): the runtime shows it the
 * solution one step at a time, and it answers each step in the two words CreditLens reads.
 */
export const STEP_REVIEW_INSTRUCTION = [
  'Check a solution to this problem one step at a time.',
  '',
  'Problem: {problem}',
  '',
  'Before each step, after "Try:", write that step as it should read, working on from the steps before it. Then the step as written follows "Got:"; answer with the one word "ok" if it is right or "wrong" if it is not.',
].join('\n');

/**
 * A generative verifier's request (ThinkPRM- and GenPRM-style models): the problem and the solution in the user's turn.
 * The model's turn then holds one verdict line per step, `Step k: The step is \boxed{correct}` (or `incorrect`).
 */
export const VERIFIER_REQUEST = [
  'Problem:',
  '{problem}',
  '',
  'Proposed solution, one step per line:',
  '{response}',
  '',
  'Check every step of the proposed solution in order. For each step, decide whether it is correct, and give the verdict as \\boxed{correct} or \\boxed{incorrect}.',
].join('\n');

export const HEAD_PRESETS: readonly HeadPreset[] = [
  {
    id: 'value-head-step-end',
    label: 'Value head, sigmoid at each step’s end (Skywork-o1-Open-PRM)',
    role: 'reward',
    method: 'cls-prm',
    meaning: 'step-end-scalar',
    stepTag: null,
    endOfText: false,
  },
  {
    id: 'token-classifier-step-end',
    label: '2-label token classification at each step’s end (TRL PRMs; label 1 is right)',
    role: 'reward',
    method: 'cls-prm',
    meaning: 'step-end-scalar',
    stepTag: null,
    endOfText: false,
    params: { rightLabel: 1 },
  },
  {
    id: 'two-class-at-tag',
    label: '2-class softmax at a step tag (Qwen2.5-Math-PRM, <extra_0>; label 1 is right)',
    role: 'reward',
    method: 'cls-prm',
    meaning: 'two-class-logits',
    stepTag: '<extra_0>',
    endOfText: false,
    params: { rightLabel: 1 },
  },
  {
    id: 'lm-pair-at-tag',
    label: 'The LM’s own “+” and “-” logits at a step tag (Math-Shepherd, ки)',
    role: 'reward',
    method: 'cls-prm',
    meaning: 'two-class-logits',
    stepTag: 'ки',
    endOfText: false,
    tokenPair: ['+', '-'],
  },
  {
    id: 'generative-verifier',
    label: 'A generative verifier: the probability of “correct” in each step’s verdict line (ThinkPRM, GenPRM)',
    role: 'reward',
    method: 'cls-prm',
    meaning: 'two-class-logits',
    stepTag: null,
    endOfText: false,
    tokenPair: ['correct', 'incorrect'],
    userTurn: VERIFIER_REQUEST,
    assistantLead: 'Let me verify the solution step by step.\n',
    verdict: { before: 'Step {step}: The step is \\boxed{', after: '}\n' },
  },
  {
    id: 'pqm-at-tag',
    label: 'Step Q-value at a step tag (PQM, [PRM])',
    role: 'reward',
    method: 'pqm',
    meaning: 'step-tag-scalar',
    stepTag: '[PRM]',
    endOfText: false,
  },
  {
    id: 'token-q',
    label: 'A scalar on every token (Q-RM)',
    role: 'reward',
    method: 'qrm',
    meaning: 'token-scalar',
    stepTag: null,
    endOfText: true,
  },
  {
    id: 'sequence-score',
    label: 'One score at the last token, from a head on every token (an ORM)',
    role: 'reward',
    method: 'orm',
    meaning: 'token-scalar',
    stepTag: null,
    endOfText: true,
  },
  {
    id: 'orm-step-prefixes',
    label:
      'An ORM scored at every step prefix: a step curve from a sequence reward model (RewardBench-style; served: one /classify per prefix)',
    role: 'reward',
    method: 'cls-prm',
    meaning: 'step-end-scalar',
    stepTag: null,
    endOfText: false,
  },
  {
    id: 'policy-lm',
    label: 'A language model: per-token log-probs (a policy or a reference)',
    role: 'policy',
    method: null,
    meaning: 'vocab-logits',
    stepTag: null,
    endOfText: false,
  },
  {
    id: 'instruct-critic',
    label: 'An instruct LLM as CAPO’s critic (writes step critiques; edit its instruction in the prompt)',
    role: 'critic',
    method: 'capo-critic',
    meaning: 'vocab-logits',
    stepTag: null,
    endOfText: false,
    promptBody: CRITIQUE_INSTRUCTION,
  },
  {
    id: 'instruct-step-critic',
    label: 'An instruct LLM as CAPO’s critic, shown the solution one step at a time (writes each step, then ok or wrong)',
    role: 'critic',
    method: 'capo-critic',
    meaning: 'vocab-logits',
    stepTag: null,
    endOfText: false,
    promptBody: STEP_REVIEW_INSTRUCTION,
    // The format the shipped arith-critic was trained on, so the instruction and the card read alike for both.
    review: STEP_REVIEW,
  },
];

/**
 * A preset's prompt and response templates inside a chat format (`chat`, whose prompt holds `{problem}` where the
 * user's text goes): the bare problem, a critic's instruction, or a verifier's request that holds the solution.
 */
export function presetTemplates(p: HeadPreset, chat: { prompt: string; response: string }): { prompt: string; response: string } {
  if (p.userTurn) {
    const [head, tail = ''] = chat.prompt.split('{problem}');
    const [before, after = ''] = p.userTurn.split('{response}');
    return { prompt: head + before, response: `{response}${after}${tail}${p.assistantLead ?? ''}` };
  }
  return {
    prompt: p.promptBody ? chat.prompt.replace('{problem}', p.promptBody) : chat.prompt,
    response: p.endOfText ? chat.response : '{response}',
  };
}

export const presetById = (id: string): HeadPreset | undefined => HEAD_PRESETS.find((p) => p.id === id);

interface HfConfig {
  architectures?: unknown;
  num_labels?: unknown;
  id2label?: unknown;
}

/**
 * The preset a config.json points to without doubt: a 2-label token classifier, a process reward model with its tag.
 * Null otherwise, and the form keeps its role-and-method suggestion: one value per token may be Q-RM's Z or a
 * PRM's value head, an LM head may be a policy or any LM-head read-out, and a sequence classifier's export pools
 * inside the graph (no per-token values to read).
 */
export function suggestPreset(config: HfConfig): HeadPreset | null {
  const names = architectureNames(config);
  const labels =
    typeof config.num_labels === 'number'
      ? config.num_labels
      : typeof config.id2label === 'object' && config.id2label !== null
        ? Object.keys(config.id2label).length
        : 2;
  const pick = (id: string) => presetById(id) ?? null;
  if (names.some((a) => a.endsWith('ForTokenClassification')) && labels === 2) return pick('token-classifier-step-end');
  if (names.some((a) => /ForProcessRewardModel$/.test(a))) return pick('two-class-at-tag');
  return null;
}

/**
 * The card a preset gives a model that has no workbench.json (a model on a serving engine, or one named on the
 * command line), with the templates of its tokenizer's chat format.
 */
export function presetCard(p: HeadPreset, id: string, name: string, tokenizerConfig: Record<string, unknown>): WorkbenchCard {
  return {
    id,
    name,
    description: `Read with the head preset “${p.label}”.`,
    role: p.role,
    method: p.method,
    output: { name: 'logits', meaning: p.meaning },
    stepTag: p.stepTag,
    template: presetTemplates(p, suggestTemplates(tokenizerConfig, p.role)),
    params: { ...(p.params ?? {}) },
    ...(p.tokenPair ? { tokenPair: p.tokenPair } : {}),
    ...(p.verdict ? { verdict: p.verdict } : {}),
    ...(p.review ? { review: p.review } : {}),
    provenance: { how: 'unknown', data: 'unknown', steps: 0, seed: 0, wallTimeS: null, metrics: {} },
  };
}
