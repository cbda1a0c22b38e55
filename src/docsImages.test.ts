/** Every picture the README and docs/ show is a file in the repository (made by npm run screenshots), and each exists. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const pages = [
  'README.md',
  ...readdirSync('docs', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

/** The local images a Markdown page shows: `![alt](path)` and `<img src="path">`, web addresses left out. */
function images(page: string): string[] {
  const text = readFileSync(page, 'utf8');
  const found = [...text.matchAll(/!\[[^\]]*\]\(([^)\s]+)/g), ...text.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  return found.filter((src) => !/^[a-z]+:/i.test(src)).map((src) => join(dirname(page), src.split('#')[0]));
}

describe('pictures in the docs', () => {
  it('every image the README or a docs page shows exists', () => {
    const missing = pages.flatMap((p) =>
      images(p)
        .filter((f) => !existsSync(f))
        .map((f) => `${p}: ${f}`),
    );
    expect(missing).toEqual([]);
  });

  it('the README shows at least four pictures and stays short', () => {
    expect(images('README.md').length).toBeGreaterThanOrEqual(4);
    expect(readFileSync('README.md', 'utf8').split('\n').length).toBeLessThanOrEqual(250);
  });
});
