import { memo, useMemo, useState } from 'react';
import { rolloutGroup } from '../io/rollouts';
import { useColorSettings } from '../state/display';
import { useWorkbench } from '../state/workbench';
import { screenScales } from './rowView';

const STRIP_WIDTH = 320;

/**
 * The other samples of the rollout's prompt at its training step, side by side (a GRPO group): each sample's
 * per-rollout numbers and length, and one channel drawn as a strip over its response on one colour range, so the
 * samples the advantage pushed up and down sit in one view. A row opens its sample.
 */
export const RolloutGroup = memo(function RolloutGroup() {
  const imported = useWorkbench((s) => s.imported);
  const trace = useWorkbench((s) => s.scoredTrace);
  const showImported = useWorkbench((s) => s.showImported);
  const colors = useColorSettings();
  const group = useMemo(() => rolloutGroup(imported, trace), [imported, trace]);
  const scores = useMemo(() => [...new Set(group.flatMap((g) => g.runs.filter((r) => r.method === 'orm').map((r) => r.modelId)))], [group]);
  const channels = useMemo(
    () => [...new Set(group.flatMap((g) => g.runs.filter((r) => r.method !== 'orm').map((r) => r.modelId)))],
    [group],
  );
  const [picked, setPicked] = useState<string | null>(null);
  const channel = picked && channels.includes(picked) ? picked : (channels.find((c) => c === 'advantage') ?? channels[0] ?? null);
  const strips = useMemo(() => group.map((g) => g.runs.find((r) => r.modelId === channel) ?? null), [group, channel]);
  const scales = useMemo(() => {
    const present = strips.filter((r) => r !== null);
    const shared = screenScales(present, colors);
    return strips.map((r) => (r ? shared[present.indexOf(r)] : null));
  }, [strips, colors]);
  if (group.length < 2 || !trace) return null;
  const scoreOf = (k: number, name: string) => group[k].runs.find((r) => r.modelId === name)?.traceScore ?? null;
  const order = group
    .map((_, k) => k)
    .sort((a, b) => (scores[0] ? (scoreOf(b, scores[0]) ?? -Infinity) - (scoreOf(a, scores[0]) ?? -Infinity) : a - b));
  return (
    <details className="panel" data-testid="rollout-group" open>
      <summary>
        This prompt&apos;s {group.length} samples at training step {String(trace.meta.step)}
      </summary>
      <p className="hint">
        Side by side{scores[0] ? `, highest ${scores[0]} first` : ''}. The strip is each response&apos;s {channel ?? 'channel'} along its
        characters, on one colour range for the group. Click a sample to open it.
      </p>
      {channels.length > 1 && (
        <label>
          Strip{' '}
          <select data-testid="group-channel" value={channel ?? ''} onChange={(e) => setPicked(e.target.value)}>
            {channels.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      )}
      <table className="group-table">
        <thead>
          <tr>
            <th scope="col">sample</th>
            {scores.map((s) => (
              <th key={s} scope="col">
                {s}
              </th>
            ))}
            <th scope="col">characters</th>
            <th scope="col">{channel ?? ''}</th>
          </tr>
        </thead>
        <tbody>
          {order.map((k) => {
            const g = group[k];
            const run = strips[k];
            const scale = scales[k];
            const length = Math.max(1, g.trace.response.length);
            return (
              <tr
                key={g.trace.id}
                data-testid="group-sample"
                data-trace={g.trace.id}
                aria-current={g.trace.id === trace.id ? 'true' : undefined}
                onClick={() => showImported(imported.indexOf(g))}
              >
                <th scope="row">
                  {/* Its click reaches the row's: the button is there for the keyboard. */}
                  <button type="button" className="link">
                    {g.trace.id}
                  </button>
                </th>
                {scores.map((s) => (
                  <td key={s} data-score={scoreOf(k, s) ?? ''}>
                    {scoreOf(k, s)?.toPrecision(3) ?? '–'}
                  </td>
                ))}
                <td>{g.trace.response.length}</td>
                <td>
                  {run && scale ? (
                    <svg width={STRIP_WIDTH} height={14} role="img" aria-label={`${channel} along sample ${g.trace.id}`}>
                      {run.tokens.map((t, i) => {
                        const v = run.tokenScores[i];
                        return (
                          <rect
                            key={i}
                            x={(t.charStart / length) * STRIP_WIDTH}
                            width={Math.max(0.5, ((t.charEnd - t.charStart) / length) * STRIP_WIDTH)}
                            height={14}
                            fill={v === null ? 'transparent' : scale.color(v)}
                          />
                        );
                      })}
                    </svg>
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
});
