/** Lessons 4 and 5: PQM's loss on toy Q values with a ζ slider, and the votes of N oracle critiques with a noise slider. */
import { useMemo } from 'react';
import { GALLERY } from '../../state/gallery';
import { useTeach } from '../../state/teach';
import type { Lesson } from '../../teach/lessons';
import { PQM_TOY, pqmLesson, voteLesson } from '../../teach/lessonMath';
import { CheckQuestion } from './CheckQuestion';

function Slider(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onChange: (v: number) => void;
  testId: string;
}) {
  return (
    <label className="lesson-slider">
      {props.label}: <strong>{props.value}</strong>
      <input
        type="range"
        data-testid={props.testId}
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
    </label>
  );
}

export function PqmWidget({ lesson, showCheck }: { lesson: Lesson; showCheck: boolean }) {
  const zeta = useTeach((s) => s.zeta);
  const set = useTeach((s) => s.set);
  const { loss, push } = useMemo(() => pqmLesson(zeta), [zeta]);
  const most = Math.max(...push.map(Math.abs), 1e-9);
  return (
    <div className="lesson-widget" data-testid="lesson-widget">
      <Slider label="Margin ζ" value={zeta} min={0} max={8} step={0.5} onChange={(v) => set({ zeta: v })} testId="zeta" />
      <p data-testid="lesson-numbers" data-loss={loss}>
        Comparative loss at ζ = {zeta}: <strong>{loss.toFixed(4)}</strong>
      </p>
      <table className="pqm-bars">
        <caption>Q per step (bar) and how training pushes it (arrow, longer = harder)</caption>
        <tbody>
          {PQM_TOY.q.map((q, k) => (
            <tr key={k}>
              <th scope="row">
                Step {k + 1} ({PQM_TOY.labels[k] ? 'right' : 'wrong'})
              </th>
              <td>
                <span className={`bar ${q < 0 ? 'neg' : 'pos'}`} style={{ width: `${Math.abs(q) * 4}rem` }} /> Q = {q}
              </td>
              <td data-testid="pqm-push">
                {push[k] > 0 ? '↑' : '↓'} {'▮'.repeat(Math.max(1, Math.round((5 * Math.abs(push[k])) / most)))} {push[k].toFixed(3)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {showCheck && <CheckQuestion lessonId={lesson.id} question={lesson.check} />}
    </div>
  );
}

const RULES = ['union', 'intersection', 'majority'] as const;

export function CapoWidget({ lesson, showCheck }: { lesson: Lesson; showCheck: boolean }) {
  const n = useTeach((s) => s.n);
  const noise = useTeach((s) => s.noise);
  const set = useTeach((s) => s.set);
  const trace = GALLERY[0].trace;
  const rows = useMemo(() => voteLesson(trace, n, noise, 1), [trace, n, noise]);
  const last = rows[rows.length - 1];
  return (
    <div className="lesson-widget" data-testid="lesson-widget">
      <pre className="lesson-trace">{trace.response}</pre>
      <p className="hint">The true first wrong step is step {trace.firstErrorStep} (counting from 0).</p>
      <div className="panel-row">
        <Slider label="Critiques N" value={n} min={1} max={16} step={1} onChange={(v) => set({ n: v })} testId="capo-n-slider" />
        <Slider label="Noise" value={noise} min={0} max={0.5} step={0.05} onChange={(v) => set({ noise: v })} testId="noise" />
      </div>
      <table className="vote-matrix" data-testid="lesson-numbers" data-majority={JSON.stringify(last.wrong.majority)}>
        <caption>Steps voted wrong by the first n critiques (✓ when the first of them is the true first wrong step)</caption>
        <thead>
          <tr>
            <th scope="col">n</th>
            {RULES.map((r) => (
              <th key={r} scope="col">
                {r}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.n}>
              <th scope="row">{row.n}</th>
              {RULES.map((r) => (
                <td key={r} className={row.finds[r] ? 'vote-ok' : 'vote-wrong'}>
                  [{row.wrong[r].join(', ')}] {row.finds[r] ? '✓' : '✗'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {showCheck && <CheckQuestion lessonId={lesson.id} question={lesson.check} />}
    </div>
  );
}
