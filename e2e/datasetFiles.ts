/**
 * The ProcessBench file the Datasets tests import: the real GSM8K split where `../shared` sits beside the checkout
 * (as in CI), else a file in ProcessBench's own format written from the synthetic arithmetic domain by
 * `writeArithProcessBench` (globalSetup), so `npm test` passes in a plain clone.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { makeArithSet } from '../src/arith/traces';

const SHARED_FILE = '../shared/data/processbench-gsm8k.json';
const OWN_FILE = '.e2e-data/processbench-arith.json';

export const PROCESSBENCH = existsSync(SHARED_FILE) ? SHARED_FILE : OWN_FILE;
export const PROCESSBENCH_NAME = PROCESSBENCH.split('/').pop() ?? '';

/** 400 arithmetic traces as ProcessBench records: `label` is the 0-based first wrong step, or −1. */
export function writeArithProcessBench(): void {
  mkdirSync('.e2e-data', { recursive: true });
  const records = makeArithSet(9000, 400).map((t, i) => ({
    id: `arith-${i}`,
    generator: 'creditlens-arith',
    problem: t.problem,
    steps: t.steps.map((s) => s.text),
    final_answer_correct: t.finalCorrect ?? false,
    label: t.firstErrorStep ?? -1,
  }));
  writeFileSync(OWN_FILE, JSON.stringify(records));
}
