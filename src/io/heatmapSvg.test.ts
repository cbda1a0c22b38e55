import { describe, expect, it } from 'vitest';
import { escapeXml, heatmapSvg, wrapText, type SvgToken } from './heatmapSvg';
import { addPngText, crc32, readPngText } from './pngText';

const token = (text: string, patch: Partial<SvgToken> = {}): SvgToken => ({
  text,
  fill: 'rgb(1, 2, 3)',
  ink: '#111',
  breaksLine: false,
  startsStep: false,
  wrong: false,
  ...patch,
});

describe('heatmap SVG', () => {
  it('escapes untrusted text everywhere', () => {
    const svg = heatmapSvg([{ title: '<b>m</b>', caption: 'a & b', tokens: [token('<script>alert(1)</script>'), token('"x\'')] }], {
      stamp: 'CreditLens 0.1.0',
      dark: false,
    });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('a &amp; b');
    expect(svg).toContain('<metadata>CreditLens 0.1.0</metadata>');
    expect(escapeXml(`<>&'"`)).toBe('&lt;&gt;&amp;&apos;&quot;');
  });

  it('draws one cell per token, a bar per step start, a line under wrong tokens, and wraps after newlines', () => {
    const tokens = [token('ab', { startsStep: true }), token('↵', { breaksLine: true }), token('c', { startsStep: true, wrong: true })];
    const svg = heatmapSvg([{ title: 't', caption: 'c', tokens }], { stamp: 's', dark: true });
    const cells = [...svg.matchAll(/<rect x="[\d.]+" y="(\d+)" width="[\d.]+" height="\d+" fill="rgb\(1, 2, 3\)"\/>/g)];
    expect(cells).toHaveLength(3);
    const ys = cells.map((m) => Number(m[1]));
    expect(ys[0]).toBe(ys[1]);
    expect(ys[2]).toBeGreaterThan(ys[1]);
    expect(svg.match(/<line /g)).toHaveLength(1);
    expect(svg.match(/ width="2" height/g)).toHaveLength(2);
    expect(svg).toContain('<rect width="100%" height="100%" fill="#1f1f24"/>');
  });
});

describe('the figure around the rows', () => {
  it('prints the problem, a legend bar per row with its ticks, and wraps a long footer instead of cutting it', () => {
    const stamp = `CreditLens 0.1.0; ${Array.from({ length: 30 }, (_, i) => `model-${i} on wasm`).join(', ')}; exported now`;
    const svg = heatmapSvg(
      [{ title: 't', caption: 'c', tokens: [token('a')], legend: { stops: ['#000', '#888', '#fff'], ticks: ['-2', '0', '2'] } }],
      { stamp, dark: false, problem: 'What is <1 + 1>?', columns: 40 },
    );
    expect(svg).toContain('Problem: What is &lt;1 + 1&gt;?');
    expect(svg).toMatch(/<linearGradient id="legend-0"><stop offset="0.000" stop-color="#000"\/>/);
    expect(svg).toContain('fill="url(#legend-0)"');
    for (const tick of ['>-2<', '>0<', '>2<']) expect(svg).toContain(tick);
    // Every word of the stamp is there, over several lines none longer than the figure.
    const footer = [...svg.matchAll(/data-part="note" xml:space="preserve">([^<]*)</g)].map((m) => m[1]).slice(1);
    expect(footer.length).toBeGreaterThan(2);
    expect(footer.join(' ')).toBe(stamp);
    const width = Number(/width="(\d+)"/.exec(svg)?.[1]);
    for (const line of footer) expect(line.length * 11 * 0.62).toBeLessThanOrEqual(width);
  });

  it('wraps words, keeps newlines, and cuts only a word longer than a line', () => {
    expect(wrapText('aa bb cc', 5)).toEqual(['aa bb', 'cc']);
    expect(wrapText('x\ny', 5)).toEqual(['x', 'y']);
    expect(wrapText('abcdefgh', 3)).toEqual(['abc', 'def', 'gh']);
  });
});

describe('PNG text chunk', () => {
  // A real 1×1 PNG (IHDR, IDAT, IEND).
  const png = Uint8Array.from(
    atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='),
    (c) => c.charCodeAt(0),
  );

  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('adds a readable tEXt chunk after IHDR and keeps the image chunks', () => {
    const stamped = addPngText(png, 'Comment', 'CreditLens 0.1.0; arith-qrm on wasm');
    expect(readPngText(stamped)).toEqual({ Comment: 'CreditLens 0.1.0; arith-qrm on wasm' });
    expect(stamped.length).toBe(png.length + 12 + 'Comment'.length + 1 + 'CreditLens 0.1.0; arith-qrm on wasm'.length);
    expect(String.fromCharCode(...stamped.subarray(37, 41))).toBe('tEXt');
    expect(() => addPngText(new Uint8Array(20), 'a', 'b')).toThrow('not a PNG');
  });
});
