/**
 * Learning curves as a standalone SVG (the Lab's PNG export draws it): one line per run over [0, 1], axes with ticks,
 * a legend, and a stamp line.
 */
import { escapeXml } from './heatmapSvg';

export interface CurveLine {
  name: string;
  color: string;
  points: readonly { x: number; y: number }[];
}

export interface CurvesSvgOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  stamp: string;
}

const W = 720;
const PLOT_H = 320;
const M = { top: 40, right: 24, bottom: 48, left: 64 };
const LEGEND_ROW = 18;

export function curvesSvg(lines: readonly CurveLine[], o: CurvesSvgOptions): string {
  const xMax = Math.max(1, ...lines.flatMap((l) => l.points.map((p) => p.x)));
  const x = (v: number) => M.left + (v / xMax) * (W - M.left - M.right);
  const y = (v: number) => M.top + (1 - v) * PLOT_H;
  const bottom = M.top + PLOT_H;
  const height = bottom + M.bottom + lines.length * LEGEND_ROW + 28;
  const xStep = Math.max(1, Math.ceil(xMax / 10));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${height}" fill="#ffffff"/>`,
    `<text x="${M.left}" y="22" font-weight="bold" font-size="14">${escapeXml(o.title)}</text>`,
  ];
  for (let t = 0; t <= 1.0001; t += 0.25) {
    parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(t)}" y2="${y(t)}" stroke="#e0e0e0"/>`);
    parts.push(`<text x="${M.left - 8}" y="${y(t) + 4}" text-anchor="end">${t.toFixed(2)}</text>`);
  }
  for (let v = 0; v <= xMax; v += xStep) parts.push(`<text x="${x(v)}" y="${bottom + 16}" text-anchor="middle">${v}</text>`);
  parts.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`);
  parts.push(`<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${bottom}" stroke="#333"/>`);
  parts.push(`<text x="${(M.left + W - M.right) / 2}" y="${bottom + 34}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`);
  parts.push(`<text transform="translate(16 ${M.top + PLOT_H / 2}) rotate(-90)" text-anchor="middle">${escapeXml(o.yLabel)}</text>`);
  lines.forEach((l, i) => {
    const d = l.points.map((p, k) => `${k ? 'L' : 'M'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join('');
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${escapeXml(l.color)}" stroke-width="2"/>`);
    const ly = bottom + M.bottom + i * LEGEND_ROW;
    parts.push(`<rect x="${M.left}" y="${ly - 9}" width="14" height="3" fill="${escapeXml(l.color)}"/>`);
    parts.push(`<text x="${M.left + 20}" y="${ly - 4}">${escapeXml(l.name)}</text>`);
  });
  parts.push(`<text x="${M.left}" y="${height - 10}" fill="#666" font-size="10">${escapeXml(o.stamp)}</text>`, '</svg>');
  return parts.join('\n');
}
