/**
 * The view as one HTML file: the trace, each row's tokens in their colours with the exact value on hover, each row's
 * legend and verdict, and the person's step labels, in a page with its styles inline and no script and no link out,
 * so it opens offline in every browser (a paper's review, a course page). Every text from the trace is escaped.
 */

export interface HtmlToken {
  text: string;
  fill: string;
  ink: string;
  /** The value as the page shows it on hover; null for a token without one. */
  value: string | null;
  /** The token's step, counted from 1; null outside every step. */
  step: number | null;
  startsStep: boolean;
  wrong: boolean;
}

export interface HtmlRow {
  title: string;
  caption: string;
  verdict: string | null;
  legend: { stops: string[]; ticks: string[] };
  tokens: HtmlToken[];
}

export interface HtmlLabels {
  steps: { text: string; rating: string | null }[];
  note: string;
}

/** Text as HTML text: the five characters that could start markup or end an attribute are escaped. */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const STYLE = `
body { font: 15px/1.5 system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #1d1d1f; background: #fff; }
body.dark { color: #ececf0; background: rgb(31, 31, 36); }
h1 { font-size: 1.3em; } h2 { font-size: 1.05em; margin: 1.4em 0 0.2em; }
.problem, .stamp, .caption, .verdict { white-space: pre-wrap; }
.stamp, .caption { font-size: 0.85em; opacity: 0.8; }
.row { font-family: ui-monospace, monospace; line-height: 1.9; white-space: pre-wrap; overflow-wrap: anywhere; }
.row span { padding: 1px 0; border-radius: 2px; }
.row span.step { box-shadow: inset 3px 0 0 currentColor; padding-left: 3px; }
.row span.wrong { text-decoration: underline wavy #d55e00; }
.legend { display: inline-block; width: 14em; height: 0.8em; vertical-align: middle; border: 1px solid #8884; }
.ticks { font-size: 0.85em; margin-left: 0.5em; }
ol.labels li { margin: 0.2em 0; }
`;

/** The whole page. */
export function viewHtml(
  rows: readonly HtmlRow[],
  opts: { title: string; problem: string; stamp: string; dark: boolean; labels: HtmlLabels | null },
): string {
  const row = (r: HtmlRow) => {
    const gradient = `linear-gradient(to right, ${r.legend.stops.join(', ')})`;
    const tokens = r.tokens
      .map((t, i) => {
        const where = `${t.step === null ? 'outside the steps' : `step ${t.step}`}, token ${i + 1} of ${r.tokens.length}`;
        const hover = `${where}: ${t.value ?? 'no value'}`;
        const cls = [t.startsStep ? 'step' : '', t.wrong ? 'wrong' : ''].filter(Boolean).join(' ');
        return `<span${cls ? ` class="${cls}"` : ''} style="background:${escapeHtml(t.fill)};color:${escapeHtml(t.ink)}" title="${escapeHtml(hover)}">${escapeHtml(t.text)}</span>`;
      })
      .join('');
    return `<section>
<h2>${escapeHtml(r.title)}</h2>
<p class="caption"><span class="legend" style="background:${escapeHtml(gradient)}"></span><span class="ticks">${r.legend.ticks.map(escapeHtml).join(' · ')}</span><br>${escapeHtml(r.caption)}</p>
${r.verdict ? `<p class="verdict">${escapeHtml(r.verdict)}</p>\n` : ''}<div class="row">${tokens}</div>
</section>`;
  };
  const labels = opts.labels
    ? `<section>
<h2>Step labels</h2>
<ol class="labels">${opts.labels.steps.map((s) => `<li>${escapeHtml(s.rating ?? 'not rated')}: ${escapeHtml(s.text)}</li>`).join('')}</ol>
${opts.labels.note ? `<p class="verdict">Note: ${escapeHtml(opts.labels.note)}</p>` : ''}
</section>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(opts.title)}</title>
<style>${STYLE}</style>
</head>
<body${opts.dark ? ' class="dark"' : ''}>
<h1>${escapeHtml(opts.title)}</h1>
<p class="problem"><strong>Problem.</strong> ${escapeHtml(opts.problem)}</p>
<p class="stamp">${escapeHtml(opts.stamp)}. Hover a token for its exact value. A bar starts each step; a wavy underline marks the characters known to be wrong.</p>
${rows.map(row).join('\n')}
${labels}
</body>
</html>
`;
}
