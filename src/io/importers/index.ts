/** Every dataset format CreditLens reads, how to recognise it from one record, and how to read a record. */
import type { DatasetFormat, DatasetItem } from '../../domain/dataset';
import { traceFromJson } from '../traceJson';
import { chatItem, isChatList, looksLikeChat } from './chatMessages';
import { isObject } from './common';
import { looksLikeMathShepherd, mathShepherdItem } from './mathShepherd';
import { looksLikePrm800k, prm800kItem } from './prm800k';
import { looksLikeProcessBench, processBenchItem } from './processBench';
import { looksLikeQrmPair, qrmPairItem } from './qrmPairs';
import { looksLikeTrlStepwise, trlStepwiseItem } from './trlStepwise';
import { looksLikeWise, wiseItem } from './wise';

export interface FormatSpec {
  name: string;
  looksLike: (r: Record<string, unknown>) => boolean;
  read: (r: Record<string, unknown>, fallbackId: string) => DatasetItem;
}

export const FORMAT_SPECS: Record<DatasetFormat, FormatSpec> = {
  processbench: { name: 'ProcessBench', looksLike: looksLikeProcessBench, read: processBenchItem },
  prm800k: { name: 'PRM800K', looksLike: looksLikePrm800k, read: prm800kItem },
  'math-shepherd': { name: 'Math-Shepherd', looksLike: looksLikeMathShepherd, read: mathShepherdItem },
  'trl-stepwise': { name: 'TRL stepwise supervision', looksLike: looksLikeTrlStepwise, read: trlStepwiseItem },
  'qrm-pairs': { name: 'Q-RM pairs (instruction, chosen, rejected)', looksLike: looksLikeQrmPair, read: qrmPairItem },
  wise: { name: 'WISE conversations (a step per utterance)', looksLike: looksLikeWise, read: wiseItem },
  chat: { name: 'Chat messages (a step per message)', looksLike: looksLikeChat, read: chatItem },
  creditlens: {
    name: 'CreditLens JSONL (traces, or pairs of traces)',
    looksLike: (r) => typeof r.response === 'string' || Array.isArray(r.steps) || (isObject(r.chosen) && isObject(r.rejected)),
    read: (r, id) => {
      if (!isObject(r.chosen) && !isObject(r.rejected)) return { kind: 'trace', trace: traceFromJson(r, id) };
      const pairId = typeof r.id === 'string' ? r.id : id;
      const chosen = traceFromJson(r.chosen, `${pairId}-chosen`);
      const rejected = traceFromJson(r.rejected, `${pairId}-rejected`);
      return { kind: 'pair', pair: { id: pairId, problem: chosen.problem, chosen, rejected } };
    },
  },
};

/** A chat line may be the bare list of messages; it reads as `{messages}`. */
const normalise = (r: unknown): unknown => (isChatList(r) ? { messages: r } : r);

/** The format of the first records that match one; null when none does. */
export function detectFormat(records: readonly unknown[]): DatasetFormat | null {
  for (const raw of records) {
    const r = normalise(raw);
    if (!isObject(r)) continue;
    const hit = (Object.keys(FORMAT_SPECS) as DatasetFormat[]).find((f) => FORMAT_SPECS[f].looksLike(r));
    if (hit) return hit;
  }
  return null;
}

/** One record as a dataset item under a format; throws with the reason. */
export function readRecord(format: DatasetFormat, raw: unknown, fallbackId: string): DatasetItem {
  const record = normalise(raw);
  if (!isObject(record)) throw new Error('expected a JSON object');
  return FORMAT_SPECS[format].read(record, fallbackId);
}
