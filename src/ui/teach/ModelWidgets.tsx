/** Lessons 1–3: a live reward model on a synthetic trace the class can edit. */
import { useMemo } from 'react';
import { formatResponse } from '../../arith/format';
import { solve } from '../../arith/problem';
import { GALLERY, type GalleryItem } from '../../state/gallery';
import { useTeach } from '../../state/teach';
import { traceFromText } from '../../state/textTrace';
import { LESSON_TRACE_KINDS, type Lesson } from '../../teach/lessons';
import { formatValue } from '../colorScale';
import { Heatmap } from '../Heatmap';
import { useScreenScales } from '../useScreenScales';
import { CheckQuestion } from './CheckQuestion';
import { useLiveRuns } from './useLiveRuns';

const item = (kind: string): GalleryItem => {
  const found = GALLERY.find((g) => g.id.startsWith(kind));
  if (!found) throw new Error(`the gallery has no ${kind} trace`);
  return found;
};

/** The lesson's editable text (kept per lesson), and the trace the verifier labels from it. */
function useLessonTrace(key: string, g: GalleryItem, initial = g.trace.response) {
  const text = useTeach((s) => s.texts[key]) ?? initial;
  const setText = useTeach((s) => s.setText);
  const trace = useMemo(() => traceFromText(key, g.problem.question, text, g.problem), [key, g, text]);
  return { text, setText: (t: string) => setText(key, t), trace };
}

function Editor({ label, text, onChange, testId }: { label: string; text: string; onChange: (t: string) => void; testId: string }) {
  return (
    <label className="lesson-editor">
      {label}
      <textarea value={text} rows={5} spellCheck={false} data-testid={testId} onChange={(e) => onChange(e.target.value)} />
    </label>
  );
}

/** One model on one editable trace: lessons 1 (ORM) and 2 (classification PRM). */
export function SingleModelWidget({
  lesson,
  showCheck,
  modelId,
  kind,
}: {
  lesson: Lesson;
  showCheck: boolean;
  modelId: string;
  kind: string;
}) {
  const g = item(kind);
  const { text, setText, trace } = useLessonTrace(lesson.id, g);
  // The answer as the lesson first gave it is scored too, so the edited answer is coloured on the same range: fixing
  // the lucky answer's wrong step shows the change the lesson talks about.
  const { runs, error } = useLiveRuns(modelId, [trace, g.trace]);
  const run = runs?.[0];
  const [shared] = useScreenScales(runs);
  const scale = shared && {
    ...shared,
    basis: `${shared.basis.replace(/the 2 (.+) rows here/, 'the $1 row and the answer as the lesson gave it')}`,
  };
  // Lesson 2's question asks for the lowest-scored step of the live run, so its options and answer come from it.
  const question = useMemo(() => {
    if (lesson.widget !== 'prm') return lesson.check;
    const steps = run?.stepScores ?? [];
    // Steps tied at the lowest score as the page prints it are all right answers: equal numbers, the same verdict.
    const least = formatValue(Math.min(...steps));
    const lowest = steps.flatMap((v, k) => (formatValue(v) === least ? [k] : []));
    return { ...lesson.check, options: steps.map((_, k) => `Step ${k + 1}`), answer: lowest.length ? lowest : 0 };
  }, [lesson, run]);
  return (
    <div className="lesson-widget" data-testid="lesson-widget">
      <p className="hint">Problem: {g.problem.question}</p>
      <Editor label="The answer (edit it)" text={text} onChange={setText} testId="lesson-text" />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {run ? <Heatmap run={run} title={modelId} trace={trace} scale={scale} side="lesson" /> : !error && <p role="status">Scoring…</p>}
      {run?.stepScores && (
        <p data-testid="lesson-numbers">Step scores: {run.stepScores.map((v, k) => `step ${k + 1}: ${formatValue(v)}`).join(' · ')}</p>
      )}
      {lesson.widget === 'orm' && run && <p data-testid="lesson-numbers">Every token gets {formatValue(run.traceScore ?? 0)}.</p>}
      {showCheck && run && <CheckQuestion lessonId={lesson.id} question={question} />}
    </div>
  );
}

/** Lesson 3: Q-RM on a chosen and a rejected answer, on one colour scale. */
export function PairWidget({ lesson, showCheck }: { lesson: Lesson; showCheck: boolean }) {
  const g = item(LESSON_TRACE_KINDS.qrm);
  const gold = formatResponse(solve(g.problem), g.problem.answer);
  const chosen = useLessonTrace(`${lesson.id}-chosen`, g, gold);
  const rejected = useLessonTrace(`${lesson.id}-rejected`, g);
  const { runs, error } = useLiveRuns('arith-qrm', [chosen.trace, rejected.trace]);
  const scales = useScreenScales(runs);
  const [c, r] = [runs?.[0]?.traceScore ?? 0, runs?.[1]?.traceScore ?? 0];
  return (
    <div className="lesson-widget" data-testid="lesson-widget">
      <p className="hint">Problem: {g.problem.question}</p>
      <div className="pair-inputs">
        <Editor label="Chosen (edit it)" text={chosen.text} onChange={chosen.setText} testId="lesson-text" />
        <Editor label="Rejected (edit it)" text={rejected.text} onChange={rejected.setText} testId="lesson-text-rejected" />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {runs && (
        <>
          <p data-testid="lesson-numbers">
            Total score: chosen {formatValue(c)}, rejected {formatValue(r)}. Q-RM prefers the {c > r ? 'chosen' : 'rejected'} answer.
          </p>
          <Heatmap run={runs[0]} title="Q-RM on the chosen answer" trace={chosen.trace} scale={scales[0]} side="chosen" />
          <Heatmap run={runs[1]} title="Q-RM on the rejected answer" trace={rejected.trace} scale={scales[1]} side="rejected" />
        </>
      )}
      {showCheck && runs && <CheckQuestion lessonId={lesson.id} question={{ ...lesson.check, answer: c > r ? 0 : 1 }} />}
    </div>
  );
}
