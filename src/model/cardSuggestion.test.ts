import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { headKind, suggestMeaning, suggestTemplates } from './cardSuggestion';

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('a card suggested from a folder’s own files', () => {
  it('gives back the shipped LM-head reward models’ read-outs and templates from config.json and tokenizer_config.json', () => {
    for (const id of ['arith-qrm', 'arith-pqm', 'arith-prm', 'arith-orm', 'arith-policy']) {
      const card = json(`models/${id}/workbench.json`) as { role: 'reward'; method: 'qrm'; output: { meaning: string }; template: unknown };
      const head = headKind(json(`models/${id}/config.json`));
      expect(suggestMeaning(head, card.role, card.method), id).toBe(card.output.meaning);
      expect(suggestTemplates(json(`models/${id}/tokenizer_config.json`), card.role), id).toEqual(card.template);
    }
  });

  it('reads scalar heads, chat templates and unknown architectures', () => {
    expect(headKind(json('models/arith-qrm-vhead/config.json'))).toBe('scalar');
    expect(suggestMeaning('scalar', 'reward', 'qrm')).toBe('token-scalar');
    expect(suggestMeaning('scalar', 'reward', 'pqm')).toBe('step-tag-scalar');
    expect(headKind({ architectures: ['Mystery'] })).toBe('unknown');
    expect(suggestTemplates({ chat_template: '{% for m in messages %}<|im_start|>…', eos_token: '<|im_end|>' }, 'reward')).toEqual({
      prompt: '<|im_start|>user\n{problem}<|im_end|>\n<|im_start|>assistant\n',
      response: '{response}<|im_end|>',
    });
    expect(suggestTemplates({ chat_template: '<|start_header_id|>…' }, 'policy').response).toBe('{response}');
  });
});
