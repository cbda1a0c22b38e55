import { useEffect, useState } from 'react';
import type { ScoreRun } from '../../methods/scoreRun';
import type { Trace } from '../../domain/trace';
import { toWorkbenchError } from '../../domain/errors';
import { scoreLessonTraces } from '../../state/teachRuns';

/** A model's live runs on the lesson's traces, scored again a moment after the texts change. */
export function useLiveRuns(modelId: string, traces: readonly Trace[]): { runs: ScoreRun[] | null; error: string | null } {
  const [state, setState] = useState<{ key: string; runs: ScoreRun[] | null; error: string | null }>({ key: '', runs: null, error: null });
  const key = `${modelId}|${traces.map((t) => `${t.problem}\u0000${t.response}`).join('\u0001')}`;
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      scoreLessonTraces(modelId, traces).then(
        (runs) => !stale && setState({ key, runs, error: null }),
        (e) => {
          const { message, hint } = toWorkbenchError(e);
          if (!stale) setState({ key, runs: null, error: `${message} ${hint}` });
        },
      );
    }, 300);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
    // The key stands for the traces' texts; a new array with the same texts must not score again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return state.key === key ? state : { runs: state.runs, error: null };
}
