import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { creditSummary, parseModelIndex, parseWorkbenchCard } from './modelCard';

const card = {
  id: 'm',
  name: 'M',
  role: 'reward',
  method: 'qrm',
  output: { name: 'logits', meaning: 'token-scalar' },
  params: { beta: 0.2 },
};

describe('workbench.json', () => {
  it('accepts a minimal card and fills the optional fields', () => {
    const parsed = parseWorkbenchCard(card);
    expect(parsed.method).toBe('qrm');
    expect(parsed.stepTag).toBeNull();
    expect(parsed.template.response).toBe('{response}');
    expect(parsed.provenance.wallTimeS).toBeNull();
  });

  it('names the field that is wrong', () => {
    expect(() => parseWorkbenchCard({ ...card, role: 'oracle' })).toThrow(/"role" must be one of/);
    expect(() => parseWorkbenchCard({ ...card, output: { name: 'logits', meaning: 'colour' } })).toThrow(/output\.meaning/);
    expect(() => parseWorkbenchCard({ ...card, params: { beta: 'high' } })).toThrow(/params/);
    expect(() => parseWorkbenchCard([])).toThrow(/JSON object/);
  });

  it('keeps a generative verifier’s verdict lines, which need a token pair and no step tag', () => {
    const verdict = { before: 'Step {step}: \\boxed{', after: '}\n' };
    const verifier = {
      ...card,
      method: 'cls-prm',
      output: { name: 'logits', meaning: 'two-class-logits' },
      tokenPair: ['correct', 'incorrect'],
    };
    expect(parseWorkbenchCard({ ...verifier, verdict }).verdict).toEqual(verdict);
    expect(() => parseWorkbenchCard({ ...card, verdict })).toThrow(/"verdict" needs "tokenPair"/);
    expect(() => parseWorkbenchCard({ ...verifier, verdict, stepTag: 'ки' })).toThrow(/leave "stepTag" empty/);
    expect(() => parseWorkbenchCard({ ...verifier, verdict: { before: '' } })).toThrow(/"verdict" must be/);
  });

  it('keeps a step-by-step critic’s review format, which only a critic may have', () => {
    const review = { attempt: 'Try: ', given: 'Got: {text}', stop: '\n', verdicts: ['ok', 'wrong'] };
    const critic = { ...card, role: 'critic', method: 'capo-critic', output: { name: 'logits', meaning: 'vocab-logits' } };
    expect(parseWorkbenchCard({ ...critic, review }).review).toEqual(review);
    expect(() => parseWorkbenchCard({ ...card, review })).toThrow(/"review" is a critic's setting/);
    expect(() => parseWorkbenchCard({ ...critic, review: { ...review, given: 'Got:' } })).toThrow(/must contain \{text\}/);
    expect(() => parseWorkbenchCard({ ...critic, review: { ...review, stop: '' } })).toThrow(/"review.stop"/);
    expect(() => parseWorkbenchCard({ ...critic, review: { ...review, verdicts: ['ok', ' ok'] } })).toThrow(/two different words/);
  });
});

describe('models/index.json', () => {
  it('lists models and rejects a malformed entry with its position', () => {
    expect(parseModelIndex({ models: [{ id: 'a', role: 'policy' }] }).models[0]).toEqual({
      id: 'a',
      name: 'a',
      role: 'policy',
      method: null,
    });
    expect(() => parseModelIndex({ models: [{ id: 'a', role: 'policy' }, { role: 'policy' }] })).toThrow(/models\[1\]\.id/);
    expect(() => parseModelIndex({})).toThrow(/"models" array/);
  });

  it('marks test models (random weights) for the pickers, in the card and in the index', () => {
    expect(parseWorkbenchCard({ ...card, test: true }).test).toBe(true);
    expect(parseWorkbenchCard(card).test).toBeUndefined();
    expect(parseModelIndex({ models: [{ id: 'a', role: 'reward', test: true }] }).models[0].test).toBe(true);
    const index = parseModelIndex(JSON.parse(readFileSync('models/index.json', 'utf8')));
    expect(index.models.filter((m) => m.test).map((m) => m.id)).toEqual(['tiny-random-qrm', 'tiny-random-lm', 'tiny-qwen2-prm']);
  });
});

describe("the model picker's credit summary", () => {
  it("says where the credit lands from the card's held-out metrics, and nothing for a card without them", () => {
    const measured = parseWorkbenchCard({
      ...card,
      provenance: {
        metrics: {
          'lowest credit in the first wrong span': 0.78,
          'token AUROC (low credit vs wrong characters)': 0.9108,
          'first-error F1': 0.9467,
          'pair accuracy': 0.97,
        },
      },
    });
    expect(creditSummary(measured)).toBe('lowest credit on the mistake 78 % · token AUROC 0.91 · first-error F1 0.95');
    expect(creditSummary(parseWorkbenchCard(card))).toBeUndefined();
  });
});
