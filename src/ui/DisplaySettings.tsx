import type { Normalization } from '../domain/normalize';
import { useDisplay } from '../state/display';
import type { Palette } from '../domain/palette';

/** How credit is drawn: normalisation and the diverging colour map. Dark mode follows the system setting. */
export function DisplaySettings() {
  const normalization = useDisplay((s) => s.normalization);
  const palette = useDisplay((s) => s.palette);
  const dark = useDisplay((s) => s.dark);
  const stretch = useDisplay((s) => s.stretch);
  const set = useDisplay((s) => s.set);
  return (
    <div className="panel-row display-settings">
      <label className="normalization">
        Show credit as{' '}
        <select data-testid="normalization" value={normalization} onChange={(e) => set({ normalization: e.target.value as Normalization })}>
          <option value="raw">raw values</option>
          <option value="z-score">z-scores within the trace (compare models on one scale)</option>
          <option value="sign">sign only</option>
        </select>
      </label>
      <label>
        Colours{' '}
        <select data-testid="palette" value={palette} onChange={(e) => set({ palette: e.target.value as Palette })}>
          <option value="RdBu">red–blue (RdBu)</option>
          <option value="PuOr">orange–purple (PuOr)</option>
        </select>
      </label>
      <label title="Each row spans the whole palette on its own range; its legend says so. Off: the colour rule's shared ranges.">
        <input type="checkbox" data-testid="stretch" checked={stretch} onChange={(e) => set({ stretch: e.target.checked })} /> Stretch each
        row
      </label>
      <span className="hint">
        Both maps are colour-blind safe. {dark ? 'Dark mode (from your system): zero is the dark background.' : ''}
      </span>
    </div>
  );
}
