/**
 * The heatmap panel as a standalone SVG, for papers and slides: one block per row with its title, the tokens as
 * coloured cells in a monospace layout, step starts as bars, the known wrong span underlined, and a stamp line.
 * Trace text is untrusted, so every string is XML-escaped.
 */
export interface SvgToken {
  /** What the cell shows (whitespace made visible). */
  text: string;
  fill: string;
  ink: string;
  /** A newline follows the token. */
  breaksLine: boolean;
  startsStep: boolean;
  wrong: boolean;
}

export interface SvgRow {
  title: string;
  caption: string;
  tokens: SvgToken[];
  /** The row's colour legend: the bar's colours left to right, and the values under its left end, middle and right end. */
  legend?: { stops: string[]; ticks: [string, string, string] };
}

export interface SvgOptions {
  stamp: string;
  dark: boolean;
  /** The problem the response answers, printed above the rows. */
  problem?: string;
  /** Wrap width in characters. */
  columns?: number;
}

const CHAR_W = 7.8;
const LINE_H = 20;
const FONT = 13;
const PAD = 16;

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** Cell positions: tokens flow left to right, wrap at `columns`, and start a new line after a newline. */
function layout(tokens: readonly SvgToken[], columns: number) {
  let col = 0;
  let line = 0;
  return tokens.map((t) => {
    const width = Math.max(1, [...t.text].length);
    if (col > 0 && col + width > columns) [col, line] = [0, line + 1];
    const cell = { x: col, y: line, width };
    col += width;
    if (t.breaksLine) [col, line] = [0, line + 1];
    return cell;
  });
}

/** Words of `text` in lines of at most `width` characters (a longer word is cut into pieces); newlines are kept. */
export function wrapText(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      for (let piece = word; piece.length; piece = piece.slice(width)) {
        const part = piece.slice(0, width);
        if (line && line.length + 1 + part.length > width) {
          out.push(line);
          line = part;
        } else line = line ? `${line} ${part}` : part;
      }
    }
    out.push(line);
  }
  return out;
}

const SMALL = 11;
/** Characters of the 11-px footer font that fit a line of `columns` cells. */
const smallColumns = (columns: number) => Math.floor((columns * CHAR_W) / (SMALL * 0.62));

export function heatmapSvg(rows: readonly SvgRow[], options: SvgOptions): string {
  const columns = options.columns ?? 100;
  const [bg, fg, muted] = options.dark ? ['#1f1f24', '#ececf0', '#a4a4ae'] : ['#ffffff', '#1d1d1f', '#5b5b63'];
  const parts: string[] = [];
  let y = PAD;
  // Small grey text, wrapped to the figure's width so that nothing is cut.
  const note = (text: string) => {
    for (const line of wrapText(text, smallColumns(columns))) {
      parts.push(
        `<text x="${PAD}" y="${y + SMALL}" font-size="${SMALL}" fill="${muted}" data-part="note" xml:space="preserve">${escapeXml(line)}</text>`,
      );
      y += SMALL + 4;
    }
  };
  if (options.problem) {
    for (const line of wrapText(`Problem: ${options.problem}`, columns)) {
      parts.push(`<text x="${PAD}" y="${y + FONT}" fill="${fg}" data-part="problem" xml:space="preserve">${escapeXml(line)}</text>`);
      y += LINE_H;
    }
    y += 8;
  }
  const gradients: string[] = [];
  for (const row of rows) {
    parts.push(`<text x="${PAD}" y="${y + FONT}" font-weight="bold" fill="${fg}">${escapeXml(row.title)}</text>`);
    y += LINE_H + 4;
    const cells = layout(row.tokens, columns);
    row.tokens.forEach((t, i) => {
      const c = cells[i];
      const [x, top] = [PAD + c.x * CHAR_W, y + c.y * LINE_H];
      const w = c.width * CHAR_W;
      parts.push(`<rect x="${x.toFixed(1)}" y="${top}" width="${w.toFixed(1)}" height="${LINE_H - 2}" fill="${t.fill}"/>`);
      parts.push(`<text x="${x.toFixed(1)}" y="${top + FONT + 1}" fill="${t.ink}" xml:space="preserve">${escapeXml(t.text)}</text>`);
      if (t.startsStep) parts.push(`<rect x="${(x - 1.5).toFixed(1)}" y="${top}" width="2" height="${LINE_H - 2}" fill="${fg}"/>`);
      if (t.wrong)
        parts.push(
          `<line x1="${x.toFixed(1)}" x2="${(x + w).toFixed(1)}" y1="${top + LINE_H - 1}" y2="${top + LINE_H - 1}" stroke="#d6604d" stroke-width="2"/>`,
        );
    });
    const lines = cells.length ? Math.max(...cells.map((c) => c.y)) + 1 : 0;
    y += lines * LINE_H + 6;
    if (row.legend) {
      const id = `legend-${gradients.length}`;
      const n = row.legend.stops.length - 1;
      gradients.push(
        `<linearGradient id="${id}">${row.legend.stops.map((c, i) => `<stop offset="${(i / n).toFixed(3)}" stop-color="${c}"/>`).join('')}</linearGradient>`,
      );
      const barW = Math.min(240, columns * CHAR_W);
      parts.push(`<rect x="${PAD}" y="${y}" width="${barW}" height="10" fill="url(#${id})" data-legend="bar"/>`);
      const [lo, mid, hi] = row.legend.ticks.map(escapeXml);
      y += 10 + SMALL + 2;
      parts.push(`<text x="${PAD}" y="${y}" font-size="${SMALL}" fill="${muted}">${lo}</text>`);
      parts.push(`<text x="${PAD + barW / 2}" y="${y}" font-size="${SMALL}" fill="${muted}" text-anchor="middle">${mid}</text>`);
      parts.push(`<text x="${PAD + barW}" y="${y}" font-size="${SMALL}" fill="${muted}" text-anchor="end">${hi}</text>`);
      y += 6;
    }
    note(row.caption);
    y += 10;
  }
  note(options.stamp);
  y += PAD;
  const width = PAD * 2 + columns * CHAR_W;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width.toFixed(0)}" height="${y}" viewBox="0 0 ${width.toFixed(0)} ${y}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="${FONT}">`,
    `<metadata>${escapeXml(options.stamp)}</metadata>`,
    ...(gradients.length ? [`<defs>${gradients.join('')}</defs>`] : []),
    `<rect width="100%" height="100%" fill="${bg}"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}
