import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { methodSpec } from '../methods/registry';
import { parseWrongSteps } from '../methods/capo';
import {
  CRITIQUE_INSTRUCTION,
  HEAD_PRESETS,
  presetById,
  presetCard,
  presetTemplates,
  suggestPreset,
  VERIFIER_REQUEST,
} from './headPresets';
import { parseWorkbenchCard } from './modelCard';

const config = (id: string) => JSON.parse(readFileSync(`models/${id}/config.json`, 'utf8')) as Record<string, unknown>;

describe('head presets', () => {
  it.each(HEAD_PRESETS.map((p) => [p.id, p] as const))('%s makes a valid card whose method reads its output', (_, p) => {
    const card = parseWorkbenchCard({
      id: 'x',
      name: 'x',
      description: 'x',
      role: p.role,
      method: p.method,
      output: { name: 'logits', meaning: p.meaning },
      stepTag: p.stepTag,
      template: presetTemplates(p, { prompt: '{problem}\n', response: '{response}' }),
      params: p.params ?? {},
      ...(p.tokenPair ? { tokenPair: p.tokenPair } : {}),
      ...(p.verdict ? { verdict: p.verdict } : {}),
      provenance: { how: 'x', data: 'x', steps: 0, seed: 0 },
    });
    expect(card.output.meaning).toBe(p.meaning);
    expect(card.tokenPair).toEqual(p.tokenPair);
    expect(card.verdict).toEqual(p.verdict);
    if (p.method && p.method !== 'capo-critic') expect(methodSpec(p.method).reads).toContain(p.meaning);
    else expect(p.meaning).toBe('vocab-logits');
  });

  it('gives an instruct critic an instruction with the problem, the solution and the answer format CreditLens parses', () => {
    const critic = HEAD_PRESETS.find((p) => p.role === 'critic');
    expect(critic?.promptBody).toBe(CRITIQUE_INSTRUCTION);
    for (const part of ['{problem}', '{solution}', 'Wrong steps: [', 'step 0']) expect(CRITIQUE_INSTRUCTION).toContain(part);
    // A critique written in that format parses to the steps it names.
    expect(parseWrongSteps('Step 1 adds instead of subtracting.\nWrong steps: [1]', 3)).toEqual([1]);
  });

  it('puts a verifier’s request, with the solution, in the user’s chat turn and starts the model’s turn', () => {
    const verifier = presetById('generative-verifier');
    if (!verifier) throw new Error('no generative-verifier preset');
    const chatml = { prompt: '<|im_start|>user\n{problem}<|im_end|>\n<|im_start|>assistant\n', response: '{response}<|im_end|>' };
    const { prompt, response } = presetTemplates(verifier, chatml);
    expect(prompt).toBe(`<|im_start|>user\n${VERIFIER_REQUEST.split('{response}')[0]}`);
    expect(prompt).toContain('{problem}');
    expect(response).toMatch(/^\{response\}\n\nCheck every step[\s\S]*<\|im_end\|>\n<\|im_start\|>assistant\nLet me verify/);
    expect(verifier.verdict?.before).toContain('{step}');
    // The other presets keep the chat turn: the bare problem, or the critic's instruction in its place.
    const critic = presetTemplates(presetById('instruct-critic') ?? verifier, chatml);
    expect(critic.prompt).toBe(chatml.prompt.replace('{problem}', CRITIQUE_INSTRUCTION));
    expect(presetTemplates(presetById('token-q') ?? verifier, chatml)).toEqual(chatml);
  });

  it('gives an instruct critic the step-by-step review: its instruction in the chat turn and the review on the card', () => {
    const step = presetById('instruct-step-critic');
    if (!step) throw new Error('no instruct-step-critic preset');
    const card = presetCard(step, 'c', 'C', {});
    expect(card.review).toEqual({ attempt: 'Try: ', given: 'Got: {text} ', stop: '\n', verdicts: ['ok', 'wrong'] });
    expect(card.template.prompt).toContain('after "Try:"');
    // The card it gives is one workbench.json accepts.
    expect(parseWorkbenchCard(JSON.parse(JSON.stringify(card))).review).toEqual(card.review);
  });

  it('follows config.json where it leaves no doubt: a 2-label token classifier, a PRM with a tag', () => {
    expect(suggestPreset({ architectures: ['Qwen2ForTokenClassification'] })?.id).toBe('token-classifier-step-end');
    expect(suggestPreset({ architectures: ['Qwen2ForProcessRewardModel'] })?.id).toBe('two-class-at-tag');
    // One value per token is Q-RM's Z or a PRM's value head; an LM head is a policy or a read-out: the form asks.
    expect(suggestPreset(config('tiny-qwen2-prm'))).toBeNull();
    expect(suggestPreset({ architectures: ['Qwen2ForTokenClassification'], id2label: { 0: 'a' } })).toBeNull();
    expect(suggestPreset(config('arith-policy'))).toBeNull();
    // A sequence classifier's export pools inside the graph: no preset reads it.
    expect(suggestPreset({ architectures: ['Qwen2ForSequenceClassification'] })).toBeNull();
  });
});
