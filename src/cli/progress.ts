/**
 * Progress for the long commands: done of total, the rate, and the time left. On a terminal one line is rewritten in
 * place (at most five times a second); when the output is a file or a pipe (CI, `> log`), a plain line is written at
 * every tenth of the way, so logs stay readable.
 */
import { performance } from 'node:perf_hooks';
import { progressLine } from '../domain/progress';

export interface Progress {
  /** Counts `n` more done (1 unless given). */
  tick(n?: number): void;
  /** Ends the line with the totals. */
  done(): void;
}

export function progress(
  label: string,
  total: number,
  { unit = 'items', stream = process.stderr }: { unit?: string; stream?: NodeJS.WriteStream } = {},
): Progress {
  const t0 = performance.now();
  let done = 0;
  let shown = 0;
  let decile = 0;
  const tty = Boolean(stream.isTTY);
  const line = () => progressLine(label, done, total, (performance.now() - t0) / 1000, unit);
  return {
    tick(n = 1) {
      done = Math.min(total, done + n);
      const now = performance.now();
      if (tty) {
        if (now - shown < 200 && done < total) return;
        shown = now;
        stream.write(`\r\x1b[2K${line()}`);
      } else if (total && Math.floor((10 * done) / total) > decile) {
        decile = Math.floor((10 * done) / total);
        stream.write(`${line()}\n`);
      }
    },
    done() {
      if (tty) stream.write(`\r\x1b[2K${line()}\n`);
      else if (decile < 10) stream.write(`${line()}\n`);
    },
  };
}
