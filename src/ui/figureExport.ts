/** The heatmap panel as a figure: SVG built from the runs, and PNG drawn from that SVG, both stamped. */
import type { ScoreRun } from '../methods/scoreRun';
import type { Trace } from '../domain/trace';
import { heatmapSvg, type SvgRow } from '../io/heatmapSvg';
import { viewHtml, type HtmlRow } from '../io/viewHtml';
import { RATING_LABEL, type TraceLabels } from '../domain/stepLabels';
import { addPngText } from '../io/pngText';
import { runStamp } from '../io/runExport';
import { formatValue, legendStops, textColorOn } from './colorScale';
import { mistakeVerdict, rowView, screenScales, tokenFacts, visibleToken, type ColorSettings } from './rowView';

export function panelSvg(runs: readonly ScoreRun[], trace: Trace | null, c: ColorSettings, nameOf: (id: string) => string): string {
  const scales = screenScales(runs, c);
  const rows: SvgRow[] = runs.map((run, i) => {
    const view = rowView(run, c, scales[i]);
    const facts = tokenFacts(run, trace);
    const mid = view.scale.kind === 'diverging' ? view.scale.centre : (view.scale.min + view.scale.max) / 2;
    return {
      legend: { stops: legendStops(view.scale), ticks: [formatValue(view.scale.min), formatValue(mid), formatValue(view.scale.max)] },
      title: nameOf(run.modelId),
      caption: `${view.label}; colour range ${view.scale.min.toPrecision(3)} to ${view.scale.max.toPrecision(3)} (${view.scale.basis})`,
      tokens: run.tokens.map((t, i) => {
        const v = view.values[i];
        const fill = v === null ? 'transparent' : view.scale.color(v);
        return {
          text: visibleToken(t.text),
          fill,
          ink: v === null ? (c.dark ? '#ececf0' : '#1d1d1f') : textColorOn(fill),
          breaksLine: t.text.includes('\n'),
          startsStep: facts[i].startsStep,
          wrong: facts[i].wrongSpan,
        };
      }),
    };
  });
  return heatmapSvg(rows, { stamp: `${runStamp(runs)}; exported ${new Date().toISOString()}`, dark: c.dark, problem: trace?.problem });
}

/**
 * The view as one HTML file that opens offline anywhere (io/viewHtml.ts): every row in the colours the page gives it
 * (the same rule as the SVG), each token's exact value on hover, each row's verdict, and the person's labels.
 */
export function viewHtmlFile(
  runs: readonly ScoreRun[],
  trace: Trace | null,
  c: ColorSettings,
  nameOf: (id: string) => string,
  labels: TraceLabels | null,
): string {
  const scales = screenScales(runs, c);
  const rows: HtmlRow[] = runs.map((run, i) => {
    const view = rowView(run, c, scales[i]);
    const facts = tokenFacts(run, trace);
    const mid = view.scale.kind === 'diverging' ? view.scale.centre : (view.scale.min + view.scale.max) / 2;
    const verdict = mistakeVerdict(trace, run);
    return {
      title: nameOf(run.modelId),
      caption: `${view.label}; colour range ${view.scale.min.toPrecision(3)} to ${view.scale.max.toPrecision(3)} (${view.scale.basis})`,
      verdict: verdict ? [verdict.first?.text, verdict.lowest].filter(Boolean).join('; ') : null,
      legend: { stops: legendStops(view.scale), ticks: [formatValue(view.scale.min), formatValue(mid), formatValue(view.scale.max)] },
      tokens: run.tokens.map((t, k) => {
        const shown = view.values[k];
        const raw = run.tokenScores[k];
        const fill = shown === null ? 'transparent' : view.scale.color(shown);
        return {
          text: t.text,
          fill,
          ink: shown === null ? (c.dark ? '#ececf0' : '#1d1d1f') : textColorOn(fill),
          value: raw === null ? null : String(raw),
          step: facts[k].step >= 0 ? facts[k].step + 1 : null,
          startsStep: facts[k].startsStep,
          wrong: facts[k].wrongSpan,
        };
      }),
    };
  });
  return viewHtml(rows, {
    title: `CreditLens: ${trace?.id ?? 'a trace'}`,
    problem: trace?.problem ?? '',
    stamp: `${runStamp(runs)}; exported ${new Date().toISOString()}`,
    dark: c.dark,
    labels: labels
      ? {
          steps: labels.steps.map((s, k) => {
            const r = labels.ratings[k];
            return { text: s.text, rating: r === null ? null : `${RATING_LABEL[r]} (${r})` };
          }),
          note: labels.note,
        }
      : null,
  });
}

/** Draws the SVG at twice its size on a canvas and adds the stamp to the PNG as a tEXt chunk. */
export async function svgToPng(svg: string, stamp: string): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width * 2;
    canvas.height = img.height * 2;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the canvas gave no PNG');
    const stamped = addPngText(new Uint8Array(await blob.arrayBuffer()), 'Comment', stamp);
    return new Blob([stamped.slice().buffer], { type: 'image/png' });
  } finally {
    URL.revokeObjectURL(url);
  }
}
