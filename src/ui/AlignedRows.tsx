import { useMemo } from 'react';
import { lineSpans, scoresOnChars } from '../domain/align';
import type { ScoreRun } from '../methods/scoreRun';
import { useColorSettings } from '../state/display';
import { formatValue, textColorOn } from './colorScale';
import { rowView, screenScales } from './rowView';
import { methodSpec } from '../methods/registry';

/**
 * Every run's credit on the characters of one response, line by line, with one sub-row per run under each line.
 * Each character carries its token's colour, so models with different tokenizers line up column by column.
 */
export function AlignedRows({ runs, text, nameOf }: { runs: ScoreRun[]; text: string; nameOf: (id: string) => string }) {
  const colors = useColorSettings();
  const rows = useMemo(
    () =>
      screenScales(runs, colors).map((scale, i) => {
        const run = runs[i];
        return { run, scale, chars: scoresOnChars(run.tokens, rowView(run, colors, scale).values, text.length) };
      }),
    [runs, text, colors],
  );
  const lines = useMemo(() => lineSpans(text), [text]);
  return (
    <figure className="aligned" data-testid="aligned-rows" aria-label="Models side by side, aligned on characters">
      {lines.map(({ start, line }) => (
        <div key={start} className="aligned-line">
          {rows.map(({ run, scale, chars }) => (
            <div key={`${run.modelId}|${run.method}`} className="aligned-row" data-testid="aligned-row" data-model={run.modelId}>
              <span className="aligned-name">
                {methodSpec(run.method).name} · {nameOf(run.modelId)}
              </span>
              <span className="aligned-text">
                {[...line].map((ch, i) => {
                  const v = chars[start + i];
                  const bg = v === null || v === undefined ? 'transparent' : scale.color(v);
                  return (
                    <span
                      key={i}
                      style={{ background: bg, color: v === null ? undefined : textColorOn(bg) }}
                      title={v === null ? 'no value' : formatValue(v)}
                    >
                      {ch}
                    </span>
                  );
                })}
              </span>
            </div>
          ))}
        </div>
      ))}
    </figure>
  );
}
