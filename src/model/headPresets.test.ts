import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { methodSpec } from '../methods/registry';
import { parseWrongSteps } from '../methods/capo';
import { CRITIQUE_INSTRUCTION, HEAD_PRESETS, suggestPreset } from './headPresets';
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
      template: { prompt: '{problem}\n', response: '{response}' },
      params: p.params ?? {},
      ...(p.tokenPair ? { tokenPair: p.tokenPair } : {}),
      provenance: { how: 'x', data: 'x', steps: 0, seed: 0 },
    });
    expect(card.output.meaning).toBe(p.meaning);
    expect(card.tokenPair).toEqual(p.tokenPair);
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
