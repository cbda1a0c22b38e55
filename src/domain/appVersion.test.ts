import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { APP_VERSION } from './appVersion';

it('APP_VERSION, stamped on every ScoreRun and export, is package.json’s version', () => {
  const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
  expect(APP_VERSION).toBe(pkg.version);
});
