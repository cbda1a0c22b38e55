import { formatValue, type ColorScale } from './colorScale';

const STOPS = 11;
const FLAT = 1e-12;

export function Legend({ scale, label }: { scale: ColorScale; label: string }) {
  // A row whose values are all equal has no range to show: say the value instead of a ±1e-12 scale.
  const flat = scale.kind === 'diverging' ? (scale.max <= FLAT ? 0 : null) : scale.max - scale.min <= FLAT ? scale.min : null;
  const stops = Array.from({ length: STOPS }, (_, i) => scale.color(scale.min + ((scale.max - scale.min) * i) / (STOPS - 1)));
  return (
    <figure className="legend" data-testid="legend" aria-label={`Colour legend for ${label}`}>
      <div className="legend-bar" style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }} />
      {flat === null ? (
        <div className="legend-ticks">
          <span>{formatValue(scale.min)}</span>
          {scale.kind === 'diverging' && <span>0</span>}
          <span>{formatValue(scale.max)}</span>
        </div>
      ) : (
        <div className="legend-ticks" data-testid="legend-flat">
          <span>every value is {formatValue(flat)}</span>
        </div>
      )}
      <figcaption>
        {label}
        {scale.kind === 'diverging'
          ? ` — ${scale.below} below zero, ${scale.above} above, ${scale.zero} at zero`
          : ' — viridis, low to high'}
      </figcaption>
    </figure>
  );
}
