/** Multi-turn traces: WISE conversations and chat-message JSONL, each from a small file in its real shape. */
import { describe, expect, it } from 'vitest';
import type { DatasetItem } from '../../domain/dataset';
import type { Trace } from '../../domain/trace';
import { importText } from '../importDataset';

const traceOf = (item: DatasetItem): Trace => {
  if (item.kind !== 'trace') throw new Error('expected a trace');
  return item.trace;
};
const stepsOf = (t: Trace) => t.steps.map((s) => t.response.slice(s.charStart, s.charEnd));

// WISE's layout (github.com/PengjieRen/CaSE_WISE, WISE.md): one conversation per line.
const WISE = [
  JSON.stringify({
    conversation_id: 11201,
    conversations: [
      { msg_id: 11278, turn_id: 2, role: 'user', intent: ['Reveal'], response: '我想了解一些现代的舞蹈' },
      {
        msg_id: 11430,
        turn_id: 2,
        role: 'system',
        state: ['现代舞蹈'],
        query_candidate: ['超简单现代舞', '现代舞蹈教学', '现代舞蹈的特点'],
        action: ['Clarify', 'Choice'],
        selected_query: ['现代舞蹈教学', '现代舞蹈的特点'],
        response: '请问，您是想了解现代舞蹈的特点还是教学？',
        document_candidate: [3212, 3213],
        selected_document: [],
        passage_candidate: ['3212-1', '3212-2'],
        selected_passage: [],
      },
      { msg_id: 11485, turn_id: 3, role: 'user', intent: ['Reveal'], response: '我想了解爵士舞' },
      {
        msg_id: 11763,
        turn_id: 4,
        role: 'system',
        state: ['爵士舞', '基本信息'],
        action: ['Answer', 'open-text'],
        selected_query: [],
        response: '它是美国现代舞，是一种急促又富动感的节奏型舞蹈。',
        selected_document: [3251],
        selected_passage: ['3251-8', '3251-13'],
      },
    ],
    intent: 'intent:你想了解现代的一些舞蹈 description:首先查找爵士舞等现代舞种',
  }),
  JSON.stringify({ conversation_id: 11202, conversations: [] }),
  JSON.stringify({ conversation_id: 11203, conversations: [{ response: 'no role' }] }),
].join('\n');

const CHAT = [
  JSON.stringify({
    id: 'c1',
    messages: [
      { role: 'system', content: 'You are a careful tutor.' },
      { role: 'user', content: 'What is 12 × 3?' },
      { role: 'assistant', content: 'Let me compute.\n12 × 3 = 36.' },
      { role: 'user', content: 'And plus 4?' },
      { role: 'assistant', content: '36 + 4 = 41.' },
    ],
  }),
  JSON.stringify([
    { role: 'user', content: 'Find the population of Lyon.' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'x', type: 'function', function: { name: 'search', arguments: '{"q":"Lyon population"}' } }],
    },
    { role: 'tool', content: '522,250 (2021)' },
    { role: 'assistant', content: 'Lyon had 522,250 people in 2021.' },
  ]),
  JSON.stringify({ messages: [{ role: 'user', content: 'hello?' }] }),
  JSON.stringify({
    messages: [
      { role: 'user', content: 'x' },
      { role: 'assistant', content: 3 },
    ],
  }),
].join('\n');

describe('conversations as traces, one step per turn', () => {
  it('WISE: the search intent is the problem; each utterance is a step with its intents, actions, keyphrases, queries and passages', async () => {
    const d = await importText('conversation_test_line.json', WISE);
    expect(d.format).toBe('wise');
    expect(d.items).toHaveLength(1);
    const t = traceOf(d.items[0]);
    expect(t.id).toBe('11201');
    expect(t.problem).toContain('你想了解现代的一些舞蹈');
    expect(stepsOf(t)).toEqual([
      'User (Reveal): 我想了解一些现代的舞蹈',
      'System (Clarify, Choice; keyphrases: 现代舞蹈; search: 现代舞蹈教学 | 现代舞蹈的特点): 请问，您是想了解现代舞蹈的特点还是教学？',
      'User (Reveal): 我想了解爵士舞',
      'System (Answer, open-text; keyphrases: 爵士舞, 基本信息; passages: 3251-8, 3251-13): 它是美国现代舞，是一种急促又富动感的节奏型舞蹈。',
    ]);
    expect(d.problems).toEqual([
      { line: 2, message: '"conversations" must be a non-empty list of turns' },
      { line: 3, message: '"role" must be a string ("user" or "system")' },
    ]);
  });

  it('chat messages: the opening is the problem, each later message a step; tool calls are the assistant’s actions; bare lists read too', async () => {
    const d = await importText('chats.jsonl', CHAT);
    expect(d.format).toBe('chat');
    expect(d.items).toHaveLength(2);
    const tutor = traceOf(d.items[0]);
    expect(tutor.id).toBe('c1');
    expect(tutor.problem).toBe('System: You are a careful tutor.\nUser: What is 12 × 3?');
    expect(stepsOf(tutor)).toEqual(['Assistant: Let me compute.\n12 × 3 = 36.', 'User: And plus 4?', 'Assistant: 36 + 4 = 41.']);
    expect(tutor.meta.roles).toEqual(['assistant', 'user', 'assistant']);
    const agent = traceOf(d.items[1]);
    expect(agent.problem).toBe('Find the population of Lyon.');
    expect(stepsOf(agent)).toEqual([
      'Assistant: → search({"q":"Lyon population"})',
      'Tool: 522,250 (2021)',
      'Assistant: Lyon had 522,250 people in 2021.',
    ]);
    expect(d.problems).toEqual([
      { line: 3, message: 'the conversation has no assistant message to score' },
      { line: 4, message: 'message 2: "content" must be a string' },
    ]);
  });
});
