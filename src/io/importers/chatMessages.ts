/**
 * A conversation as chat messages, one per JSONL line: `{"messages": [{role, content}, …]}` or the bare list. What
 * comes before the first assistant message is the problem; from there on every message is one step ("Assistant: …",
 * "User: …", "Tool: …"), so step credit reads over the dialogue. An assistant's tool calls are its actions, written
 * after its text as "→ name(arguments)".
 */
import type { DatasetItem } from '../../domain/dataset';
import { fromStepList } from '../../domain/steps';
import { idOf, isObject, isString } from './common';

interface Message {
  role: string;
  content: string;
  actions: string[];
}

export const isChatMessage = (v: unknown): boolean =>
  isObject(v) && isString(v.role) && (isString(v.content) || v.content === null || 'tool_calls' in v);
export const isChatList = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0 && v.every(isChatMessage);

export const looksLikeChat = (r: Record<string, unknown>) => isChatList(r.messages);

const ROLE_NAMES: Record<string, string> = { system: 'System', user: 'User', assistant: 'Assistant', tool: 'Tool', developer: 'Developer' };
const roleName = (role: string) => ROLE_NAMES[role] ?? role.charAt(0).toUpperCase() + role.slice(1);

/** "→ search({"q":"x"})" for each OpenAI-style tool call. */
function toolCalls(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((call, i) => {
    const fn = isObject(call) && isObject(call.function) ? call.function : null;
    if (!fn || !isString(fn.name)) throw new Error(`tool call ${i + 1} has no function name`);
    const args = isString(fn.arguments) ? fn.arguments : JSON.stringify(fn.arguments ?? {});
    return `→ ${fn.name}(${args})`;
  });
}

function message(v: unknown, i: number): Message {
  if (!isObject(v) || !isString(v.role)) throw new Error(`message ${i + 1} has no "role"`);
  if (!(isString(v.content) || v.content === null || v.content === undefined))
    throw new Error(`message ${i + 1}: "content" must be a string`);
  return { role: v.role, content: isString(v.content) ? v.content : '', actions: toolCalls(v.tool_calls) };
}

const line = (m: Message) => `${roleName(m.role)}: ${[m.content, ...m.actions].filter(Boolean).join('\n')}`;

export function chatItem(r: Record<string, unknown>, fallbackId: string): DatasetItem {
  if (!Array.isArray(r.messages)) throw new Error('"messages" must be a list of {role, content}');
  const messages = r.messages.map(message);
  const first = messages.findIndex((m) => m.role === 'assistant');
  if (first < 0) throw new Error('the conversation has no assistant message to score');
  const context = messages.slice(0, first);
  // A lone user turn is the problem as written; a longer opening keeps who said what.
  const problem = context.length === 1 && context[0].role === 'user' ? context[0].content : context.map(line).join('\n');
  const turns = messages.slice(first);
  const { response, steps } = fromStepList(turns.map(line), '\n');
  return {
    kind: 'trace',
    trace: {
      id: idOf(r, fallbackId),
      source: 'chat',
      problem,
      response,
      steps,
      meta: { roles: turns.map((m) => m.role) },
    },
  };
}
