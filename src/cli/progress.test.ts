/** Progress lines: plain lines at every tenth when the output is not a terminal, with rate and time left. */
import { describe, expect, it } from 'vitest';
import { duration, progressLine } from '../domain/progress';
import { progress } from './progress';

const sink = () => {
  const lines: string[] = [];
  return { lines, stream: { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream };
};

describe('progress', () => {
  it('words a line: done of total, percentage, rate and time left', () => {
    expect(progressLine('eval arith-prm', 50, 200, 10, 'traces')).toBe(
      'eval arith-prm: 50 of 200 traces (25 %) · 5.00 traces/s · about 30 s left',
    );
    expect(progressLine('x', 200, 200, 130, 'traces')).toBe('x: 200 of 200 traces (100 %) · 1.54 traces/s · done in 2 min 10 s');
    expect(progressLine('reading', 1234.5678, 14000, 10, 'MB')).toBe(
      'reading: 1,234.6 of 14,000 MB (8 %) · 123 MB/s · about 1 min 43 s left',
    );
    expect(duration(Infinity)).toBe('?');
  });

  it('writes one plain line per tenth to a file or a pipe, and the total at the end', () => {
    const { lines, stream } = sink();
    const p = progress('import', 100, { unit: 'files', stream });
    for (let i = 0; i < 100; i++) p.tick();
    p.done();
    expect(lines).toHaveLength(10);
    expect(lines[0]).toMatch(/^import: 10 of 100 files \(10 %\)/);
    expect(lines[9]).toMatch(/^import: 100 of 100 files \(100 %\) · .* · done in /);
  });
});
