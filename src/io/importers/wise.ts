/**
 * WISE (Wizard of Search Engine, Ren et al.): one conversation per line, `{conversation_id, conversations: [turn…],
 * intent}`. Each utterance is one step, written with what the benchmark annotates: the user's intents; the system's
 * actions, keyphrases (`state`), the queries it chose and the passages it selected. The conversation's search intent
 * is the problem.
 */
import type { DatasetItem } from '../../domain/dataset';
import { fromStepList } from '../../domain/steps';
import { field, isObject, isString } from './common';

export const looksLikeWise = (r: Record<string, unknown>) => Array.isArray(r.conversations) && 'conversation_id' in r;

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String).filter(Boolean) : []);

function utterance(v: unknown, i: number): string {
  if (!isObject(v)) throw new Error(`turn ${i + 1} is not an object`);
  const role = field(v, 'role', isString, 'a string ("user" or "system")');
  const text = isString(v.response) ? v.response : '';
  if (role === 'user') {
    const intent = list(v.intent);
    return `User${intent.length ? ` (${intent.join(', ')})` : ''}: ${text}`;
  }
  const notes = [
    list(v.action).join(', '),
    list(v.state).length ? `keyphrases: ${list(v.state).join(', ')}` : '',
    list(v.selected_query).length ? `search: ${list(v.selected_query).join(' | ')}` : '',
    list(v.selected_passage).length ? `passages: ${list(v.selected_passage).join(', ')}` : '',
  ].filter(Boolean);
  return `${role === 'system' ? 'System' : role}${notes.length ? ` (${notes.join('; ')})` : ''}: ${text}`;
}

export function wiseItem(r: Record<string, unknown>, fallbackId: string): DatasetItem {
  const turns = field(r, 'conversations', (v): v is unknown[] => Array.isArray(v) && v.length > 0, 'a non-empty list of turns');
  const id = r.conversation_id === undefined ? fallbackId : String(r.conversation_id);
  const { response, steps } = fromStepList(turns.map(utterance), '\n');
  return {
    kind: 'trace',
    trace: {
      id,
      source: 'wise',
      problem: isString(r.intent) ? r.intent : '(a WISE conversation)',
      response,
      steps,
      meta: { conversationId: r.conversation_id },
    },
  };
}
