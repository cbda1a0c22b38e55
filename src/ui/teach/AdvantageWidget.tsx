/** Lesson 6: four answers to one problem and the per-token advantage GRPO, CAPO and Q-RM give each. */
import { useMemo } from 'react';
import { APP_VERSION } from '../../domain/appVersion';
import type { RunMethod, ScoreRun } from '../../methods/scoreRun';
import type { Trace } from '../../domain/trace';
import type { Lesson } from '../../teach/lessons';
import { characterTokens } from '../../domain/tokenSpan';
import { answerGroup, groupAdvantages } from '../../teach/lessonMath';
import { Heatmap } from '../Heatmap';
import { useScreenScales } from '../useScreenScales';
import { CheckQuestion } from './CheckQuestion';
import { useLiveRuns } from './useLiveRuns';

/** Advantages drawn as a heatmap row: one value per character of the answer. */
function advantageRun(trace: Trace, values: readonly number[], method: RunMethod, label: string): ScoreRun {
  const tokens = characterTokens(trace.response);
  return {
    traceId: trace.id,
    modelId: label,
    method,
    device: 'none',
    dtype: 'float32',
    tokens,
    tokenScores: tokens.map((_, i) => values[i] ?? null),
    stepScores: null,
    traceScore: null,
    raw: {},
    timingMs: { tokenize: 0, run: 0, total: 0 },
    bytesRead: 0,
    appVersion: APP_VERSION,
  };
}

const GROUP_SEED = 7;

export function AdvantageWidget({ lesson, showCheck }: { lesson: Lesson; showCheck: boolean }) {
  const { problem, traces } = useMemo(() => answerGroup(GROUP_SEED), []);
  const { runs, error } = useLiveRuns('arith-qrm', traces);
  const advantages = useMemo(
    () => groupAdvantages(traces, runs ? runs.map((r) => r.tokenScores.filter((v): v is number => v !== null)) : null),
    [traces, runs],
  );
  // Every answer's rows, so the colour rule gives each method one range over the whole group: a right answer whose
  // advantage is small looks small beside a wrong one's.
  const rows = useMemo(
    () =>
      traces.map((t, i) => ({
        capo: advantageRun(t, advantages.capo[i], 'capo-critic', `CAPO advantage, answer ${i + 1}`),
        qrm: advantages.qrm ? advantageRun(t, advantages.qrm[i], 'qrm', `Q-RM reward, answer ${i + 1}`) : null,
      })),
    [traces, advantages],
  );
  const all = useMemo(() => rows.flatMap((r) => (r.qrm ? [r.capo, r.qrm] : [r.capo])), [rows]);
  const scales = useScreenScales(all);
  const scaleOf = (run: ScoreRun) => scales[all.indexOf(run)];
  return (
    <div className="lesson-widget" data-testid="lesson-widget">
      <p className="hint">Problem: {problem.question}</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {traces.map((t, i) => (
        <section key={t.id} className="advantage-answer" aria-label={`Answer ${i + 1}`}>
          <h3>
            Answer {i + 1}: {t.finalCorrect ? 'right result' : 'wrong result'}
            {t.firstErrorStep !== undefined && t.firstErrorStep >= 0 ? `, first wrong step ${t.firstErrorStep + 1}` : ', every step right'}
          </h3>
          <p data-testid="lesson-numbers">
            GRPO: every token gets {advantages.grpo[i].toFixed(3)} (
            {advantages.grpo[i] > 0 ? 'pushed up' : advantages.grpo[i] < 0 ? 'pushed down' : 'left alone'}).
          </p>
          <Heatmap
            run={rows[i].capo}
            scale={scaleOf(rows[i].capo)}
            title="CAPO (true wrong steps)"
            trace={t}
            side="capo"
            label="CAPO advantage per token"
          />
          {rows[i].qrm && (
            <Heatmap
              run={rows[i].qrm}
              scale={scaleOf(rows[i].qrm)}
              title="Q-RM (arith-qrm's Z)"
              trace={t}
              side="qrm"
              label="Q-RM reward per token (Z over the group's standard deviation)"
            />
          )}
        </section>
      ))}
      {showCheck && <CheckQuestion lessonId={lesson.id} question={lesson.check} />}
    </div>
  );
}
