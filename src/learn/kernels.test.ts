import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

describe('kernels.wasm', () => {
  it('is what `npm run build:kernels` makes from simd/kernels.ts (the committed binary is not stale)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'creditlens-asc-')), 'kernels.wasm');
    const asc = join(root, 'node_modules/assemblyscript/bin/asc.js');
    const args = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
      .scripts['build:kernels'].split(' ')
      .slice(1) as string[];
    execFileSync(process.execPath, [asc, ...args.map((a) => (a === 'src/learn/simd/kernels.wasm' ? out : a))], { cwd: root });
    expect(readFileSync(out).equals(readFileSync(join(root, 'src/learn/simd/kernels.wasm')))).toBe(true);
  });
});
