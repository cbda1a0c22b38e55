/** The form's exact-input preview: the start of the input, and its end when it is long (a verifier's verdict lines). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitLines } from '../domain/steps';
import { QWEN_TOKENIZER_DIR } from '../model/decoder/folder';
import { presetById, presetTemplates } from '../model/headPresets';
import { parseWorkbenchCard } from '../model/modelCard';
import { PREVIEW_TAIL, PREVIEW_TOKENS, tokenPreview } from './tokenPreview';

const read = (f: string): unknown => JSON.parse(readFileSync(join(QWEN_TOKENIZER_DIR, f), 'utf8'));
const verifier = presetById('generative-verifier');
const card = parseWorkbenchCard({
  id: 'v',
  name: 'v',
  role: 'reward',
  method: 'cls-prm',
  output: { name: 'logits', meaning: 'two-class-logits' },
  template:
    verifier && presetTemplates(verifier, { prompt: '<|im_start|>user\n{problem}<|im_end|>\n<|im_start|>assistant\n', response: '' }),
  tokenPair: verifier?.tokenPair,
  verdict: verifier?.verdict,
});
const trace = (response: string) => ({ id: 't', source: 'test', problem: 'Eggs?', response, steps: splitLines(response), meta: {} });

describe('the token preview', () => {
  it('shows a short input whole', () => {
    const p = tokenPreview('q', read('tokenizer.json'), read('tokenizer_config.json'), card, trace('16 − 3 = 13.\nSo 13.'));
    expect(p.tail).toEqual([]);
    expect(p.tokens).toHaveLength(p.total);
    expect(p.tokens.map((t) => t.text).join('')).toContain('<|im_start|>');
  });

  it('shows the start and the end of a long one, where the last verdict line is', () => {
    const response = Array.from({ length: 40 }, (_, k) => `Step ${k + 1} adds ${k} and ${k + 1} to get ${2 * k + 1}.`).join('\n');
    const p = tokenPreview('q', read('tokenizer.json'), read('tokenizer_config.json'), card, trace(response));
    expect(p.total).toBeGreaterThan(PREVIEW_TOKENS + PREVIEW_TAIL);
    expect(p.tokens).toHaveLength(PREVIEW_TOKENS);
    expect(p.tail).toHaveLength(PREVIEW_TAIL);
    expect(p.tail.map((t) => t.text).join('')).toMatch(/Step 40: The step is \\boxed\{correct\}\n$/);
  });
});
