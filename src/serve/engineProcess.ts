/**
 * `npm run serve` as its own process, for tests that need an engine with given flags, or one they stop and start
 * again. It is the real server (src/cli/serve.ts), run by Node with tsx as a loader.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Engine {
  url: string;
  port: number;
  /** Everything the process printed: its request log. */
  output: () => string;
  stop: () => Promise<void>;
}

export async function startEngine(port: number, args: string[] = []): Promise<Engine> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/serve.ts', '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 300 && !out.includes('CreditLens engine on'); i++) {
    if (child.exitCode !== null) throw new Error(`npm run serve exited: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Port 0 asks the system for a free port: the server says which one it bound.
  const bound = /CreditLens engine on http:\/\/[^:]+:(\d+)/.exec(out);
  if (!bound) throw new Error(`npm run serve did not start: ${out}`);
  return {
    url: `http://127.0.0.1:${bound[1]}`,
    port: Number(bound[1]),
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
