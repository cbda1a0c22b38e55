/** Lessons 4 and 5: PQM's loss on toy Q values with a ζ slider, and the votes of N oracle critiques with a noise slider. */
import { useMemo, useState } from 'react';
import { GALLERY, type GalleryItem } from '../../state/gallery';
import { useTeach } from '../../state/teach';
import { LESSON_TRACE_KINDS, type Lesson } from '../../teach/lessons';
import { PQM_TOY, pqmLesson, voteLesson, voteRows } from '../../teach/lessonMath';
import type { Trace } from '../../domain/trace';
import { toWorkbenchError } from '../../domain/errors';
import { sampleCritiques } from '../../state/teachRuns';
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

/** The gallery trace lesson 5's critics review (docs/methods-and-models.md, "What arith-critic catches"). */
const REVIEWED: GalleryItem = GALLERY.find((g) => g.id.startsWith(LESSON_TRACE_KINDS.capo)) ?? GALLERY[0];

type Source = 'oracle' | 'arith-critic';

/** The real critic model's N critiques of the trace, sampled when asked. */
function useSampledCritiques(trace: Trace, n: number) {
  const [state, setState] = useState<{ n: number; critiques: (number[] | null)[] | null; error: string | null; busy: boolean }>({
    n: 0,
    critiques: null,
    error: null,
    busy: false,
  });
  const ask = () => {
    setState({ n, critiques: null, error: null, busy: true });
    sampleCritiques('arith-critic', trace, n, CRITIC_TEMPERATURE).then(
      (run) => setState({ n, critiques: run.capo?.critiques.map((c) => c.wrongSteps) ?? [], error: null, busy: false }),
      (e) => setState({ n, critiques: null, error: `${toWorkbenchError(e).message} ${toWorkbenchError(e).hint}`, busy: false }),
    );
  };
  return { ...state, ask };
}

/** CAPO's own default (the Inspect panel's): the lesson shows the critic as it is used. */
const CRITIC_TEMPERATURE = 1;

export function CapoWidget({ lesson, showCheck }: { lesson: Lesson; showCheck: boolean }) {
  const n = useTeach((s) => s.n);
  const noise = useTeach((s) => s.noise);
  const set = useTeach((s) => s.set);
  const [source, setSource] = useState<Source>('oracle');
  const trace = REVIEWED.trace;
  const sampled = useSampledCritiques(trace, n);
  const rows = useMemo(
    () => (source === 'oracle' ? voteLesson(trace, n, noise, 1) : sampled.critiques ? voteRows(trace, sampled.critiques) : []),
    [source, trace, n, noise, sampled.critiques],
  );
  const last = rows[rows.length - 1];
  // The check's right options come from the live votes: the rules whose first voted step is the true one, else "none".
  const question = useMemo(() => {
    const finding = RULES.flatMap((r, i) => (last?.finds[r] ? [i] : []));
    return { ...lesson.check, answer: finding.length ? finding : [RULES.length] };
  }, [lesson.check, last]);
  return (
    <div className="lesson-widget" data-testid="lesson-widget">
      <pre className="lesson-trace">{trace.response}</pre>
      <p className="hint">
        The true first wrong step is step {(trace.firstErrorStep ?? 0) + 1}: {REVIEWED.label.toLowerCase()}.
      </p>
      <fieldset className="panel-row">
        <legend>Critic</legend>
        <label>
          <input type="radio" name="critic-source" checked={source === 'oracle'} onChange={() => setSource('oracle')} /> Oracle critic with
          noise
        </label>
        <label>
          <input type="radio" name="critic-source" checked={source === 'arith-critic'} onChange={() => setSource('arith-critic')} />{' '}
          arith-critic, sampled at temperature {CRITIC_TEMPERATURE}
        </label>
      </fieldset>
      <div className="panel-row">
        <Slider label="Critiques N" value={n} min={1} max={16} step={1} onChange={(v) => set({ n: v })} testId="capo-n-slider" />
        {source === 'oracle' ? (
          <Slider label="Noise" value={noise} min={0} max={0.5} step={0.05} onChange={(v) => set({ noise: v })} testId="noise" />
        ) : (
          <button type="button" data-testid="ask-critic" onClick={sampled.ask} disabled={sampled.busy}>
            {sampled.busy ? 'The critic is writing…' : `Ask arith-critic for ${n} critiques`}
          </button>
        )}
      </div>
      {source === 'arith-critic' && sampled.error && (
        <p className="error" role="alert">
          {sampled.error}
        </p>
      )}
      {last && (
        <table
          className="vote-matrix"
          data-testid="lesson-numbers"
          data-majority-steps={JSON.stringify(last.wrong.majority.map((k) => k + 1))}
          data-finds={RULES.filter((r) => last.finds[r]).join(' ')}
        >
          <caption>
            Steps voted wrong by the first n critiques, counted from 1 (✓ when the first of them is the true first wrong step)
          </caption>
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
                    {row.wrong[r].length ? `steps ${row.wrong[r].map((k) => k + 1).join(', ')}` : 'none'} {row.finds[r] ? '✓' : '✗'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {showCheck && <CheckQuestion lessonId={lesson.id} question={question} />}
    </div>
  );
}
