import { useMemo, useState } from 'react';
import type { ScoreResult } from '../runtime/protocol';
import { divergingScale, formatValue, sequentialScale, textColorOn, type ColorScale } from './colorScale';
import { Legend } from './Legend';

/** What a whitespace-only token shows, so it can be seen and hovered. */
function visible(text: string): string {
  return text
    .replace(/\n/g, '↵')
    .replace(/\t/g, '⇥')
    .replace(/^ +$/, (s) => '·'.repeat(s.length));
}

/** One heatmap row: every token a focusable cell coloured by its value; hover or focus shows the exact number. */
export function Heatmap({ result }: { result: ScoreResult }) {
  const [focus, setFocus] = useState<number | null>(null);
  const scale: ColorScale = useMemo(() => {
    const known = result.values.filter((v): v is number => v !== null);
    return result.meaning === 'token-logprob' ? sequentialScale(known) : divergingScale(known);
  }, [result]);
  const label = result.meaning === 'token-logprob' ? 'log-probability of the token' : 'per-token score (Z)';
  const shown = focus === null ? null : { index: focus, token: result.tokens[focus], value: result.values[focus] };

  return (
    <section className="heatmap-panel" aria-label="Token heatmap">
      <div className="heatmap" data-testid="heatmap" onMouseLeave={() => setFocus(null)}>
        {result.tokens.map((token, i) => {
          const value = result.values[i];
          const bg = value === null ? 'transparent' : scale.color(value);
          const valueText = value === null ? 'no value' : formatValue(value);
          return (
            <span key={i}>
              <span
                className={`token${token.special ? ' special' : ''}`}
                data-testid="token"
                data-index={i}
                data-value={value ?? ''}
                tabIndex={0}
                aria-label={`token ${i + 1} "${token.text}": ${valueText}`}
                style={{ background: bg, color: value === null ? undefined : textColorOn(bg) }}
                onMouseEnter={() => setFocus(i)}
                onFocus={() => setFocus(i)}
                onBlur={() => setFocus(null)}
              >
                {visible(token.text)}
              </span>
              {token.text.includes('\n') && <br />}
            </span>
          );
        })}
      </div>
      <div className="token-detail" data-testid="token-detail" aria-live="polite">
        {shown ? (
          <>
            Token {shown.index + 1} of {result.tokens.length}: <code>{JSON.stringify(shown.token.text)}</code> (chars{' '}
            {shown.token.charStart}–{shown.token.charEnd}) · {label}:{' '}
            <strong data-testid="token-value">{shown.value === null ? 'no value' : formatValue(shown.value)}</strong>
          </>
        ) : (
          'Hover over a token, or focus it with Tab, to see its exact value.'
        )}
      </div>
      <Legend scale={scale} label={label} />
    </section>
  );
}
