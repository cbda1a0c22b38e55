import { formatValue, type ColorScale } from './colorScale';

const STOPS = 11;

export function Legend({ scale, label }: { scale: ColorScale; label: string }) {
  const stops = Array.from({ length: STOPS }, (_, i) => scale.color(scale.min + ((scale.max - scale.min) * i) / (STOPS - 1)));
  return (
    <figure className="legend" data-testid="legend" aria-label={`Colour legend for ${label}`}>
      <div className="legend-bar" style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }} />
      <div className="legend-ticks">
        <span>{formatValue(scale.min)}</span>
        {scale.kind === 'diverging' && <span>0</span>}
        <span>{formatValue(scale.max)}</span>
      </div>
      <figcaption>
        {label}
        {scale.kind === 'diverging'
          ? ` — ${scale.below} below zero, ${scale.above} above, ${scale.zero} at zero`
          : ' — viridis, low to high'}
      </figcaption>
    </figure>
  );
}
