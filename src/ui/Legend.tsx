import { formatValue, legendStops, type ColorScale } from './colorScale';

const FLAT = 1e-12;

export function Legend({ scale, label }: { scale: ColorScale; label: string }) {
  // A row whose values are all equal has no range to show: say the value instead of a ±1e-12 scale.
  const flat = scale.max - scale.min <= FLAT ? scale.centre : null;
  const centre = scale.centre === 0 ? 'zero' : formatValue(scale.centre);
  const stops = legendStops(scale);
  return (
    <figure
      className="legend"
      data-testid="legend"
      data-min={scale.min}
      data-max={scale.max}
      data-centre={scale.centre}
      aria-label={`Colour legend for ${label}`}
    >
      <div className="legend-bar" style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }} />
      {flat === null ? (
        <div className="legend-ticks">
          <span>{formatValue(scale.min)}</span>
          {scale.kind === 'diverging' && <span>{formatValue(scale.centre)}</span>}
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
          ? ` — ${scale.below} below ${centre}, ${scale.above} above, ${scale.zero} at ${centre}`
          : ' — viridis, low to high'}
        {scale.basis && <span data-testid="legend-basis"> ({scale.basis})</span>}
      </figcaption>
    </figure>
  );
}
