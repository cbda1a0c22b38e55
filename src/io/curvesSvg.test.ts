import { describe, expect, it } from 'vitest';
import { curvesSvg } from './curvesSvg';

describe('curvesSvg', () => {
  const lines = [
    { name: 'Q-RM <token> credit', color: '#0072B2', points: [0, 1, 2].map((x) => ({ x, y: x / 4 })) },
    { name: 'Outcome only', color: '#E69F00', points: [] },
  ];
  const svg = curvesSvg(lines, { title: 'Held-out accuracy', xLabel: 'update', yLabel: 'accuracy', stamp: 'CreditLens & friends' });

  it('draws a line per run through its points, on a [0, 1] scale', () => {
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]);
    expect(paths).toHaveLength(1);
    const ys = [...paths[0].matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    // y grows downwards: accuracy 0 at the bottom (y = 360), 0.5 halfway up the 320-pixel plot (y = 200).
    expect(ys).toEqual([360, 280, 200]);
  });

  it('names every run in the legend and escapes the text', () => {
    expect(svg).toContain('Q-RM &lt;token&gt; credit');
    expect(svg).toContain('Outcome only');
    expect(svg).toContain('CreditLens &amp; friends');
    expect(svg).not.toContain('<token>');
  });
});
