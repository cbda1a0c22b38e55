/** The one-file HTML view: escaped trace text, no script and no link out, each token's value on hover. */
import { describe, expect, it } from 'vitest';
import { escapeHtml, viewHtml } from './viewHtml';

describe('the HTML view', () => {
  const hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">';
  const html = viewHtml(
    [
      {
        title: 'my "PRM" <7B>',
        caption: 'signed credit',
        verdict: 'first wrong step: step 2',
        legend: { stops: ['rgb(0, 0, 255)', 'rgb(255, 0, 0)'], ticks: ['-1', '0', '1'] },
        tokens: [
          { text: hostile, fill: 'rgb(1, 2, 3)', ink: '#fff', value: '-0.0406', step: 2, startsStep: true, wrong: true },
          { text: ' ok', fill: 'transparent', ink: '#000', value: null, step: null, startsStep: false, wrong: false },
        ],
      },
    ],
    {
      title: 'CreditLens: t',
      problem: `What is 2+2? ${hostile}`,
      stamp: 'CreditLens 0.1.0',
      dark: false,
      labels: { steps: [{ text: hostile, rating: 'wrong (-1)' }], note: hostile },
    },
  );

  it('writes the trace as text: nothing in it becomes markup', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`a"b'c&`)).toBe('a&quot;b&#39;c&amp;');
  });

  it('stands alone: styles inline, a policy that forbids every fetch, no script', () => {
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    // No tag loads anything (the trace's own "src=" is text, escaped), and no address appears at all.
    expect(html).not.toMatch(/<[^>]*\b(src|href)=/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('gives each token its value and place on hover, and the labels and note', () => {
    expect(html).toContain('title="step 2, token 1 of 2: -0.0406"');
    expect(html).toContain('title="outside the steps, token 2 of 2: no value"');
    expect(html).toContain('wrong (-1): &lt;script&gt;');
    expect(html).toContain('<h2>my &quot;PRM&quot; &lt;7B&gt;</h2>');
  });
});
