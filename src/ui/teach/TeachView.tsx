import { memo, useEffect } from 'react';
import { PARTS, useTeach } from '../../state/teach';
import { LESSON_TRACE_KINDS, LESSONS, type Lesson } from '../../teach/lessons';
import { AdvantageWidget } from './AdvantageWidget';
import { LabWidget } from './LabWidget';
import { CapoWidget, PqmWidget } from './MathWidgets';
import { PairWidget, SingleModelWidget } from './ModelWidgets';
import { RuleHelp } from '../RuleHelp';

function Widget({ lesson, showCheck }: { lesson: Lesson; showCheck: boolean }) {
  switch (lesson.widget) {
    case 'orm':
      return <SingleModelWidget lesson={lesson} showCheck={showCheck} modelId="arith-orm" kind={LESSON_TRACE_KINDS.orm} />;
    case 'prm':
      return <SingleModelWidget lesson={lesson} showCheck={showCheck} modelId="arith-prm" kind={LESSON_TRACE_KINDS.prm} />;
    case 'qrm':
      return <PairWidget lesson={lesson} showCheck={showCheck} />;
    case 'pqm':
      return <PqmWidget lesson={lesson} showCheck={showCheck} />;
    case 'capo':
      return <CapoWidget lesson={lesson} showCheck={showCheck} />;
    case 'advantage':
      return <AdvantageWidget lesson={lesson} showCheck={showCheck} />;
    case 'lab':
      return <LabWidget lesson={lesson} showCheck={showCheck} />;
  }
}

const typing = (t: EventTarget | null) =>
  t instanceof HTMLElement && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(t.tagName) || t.dataset.testid === 'token');

/**
 * Teach: guided lessons on credit assignment, each live. ← and → move between lessons and Space shows the next part
 * (outside text fields and buttons); every lesson part has its own URL. Presenter mode sets large, high-contrast type.
 */
export const TeachView = memo(function TeachView() {
  const t = useTeach();
  const lesson = LESSONS[t.lesson];
  const { go, reveal } = t;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      const { lesson: at } = useTeach.getState();
      if (e.key === 'ArrowRight') go(at + 1);
      else if (e.key === 'ArrowLeft') go(at - 1);
      else if (e.key === ' ') reveal();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, reveal]);
  return (
    <div className="teach" data-testid="teach" data-lesson={t.lesson + 1} data-part={t.part + 1}>
      <div className="panel-row teach-bar">
        <nav aria-label="Lessons">
          {LESSONS.map((l, i) => (
            <button key={l.id} type="button" aria-current={i === t.lesson ? 'step' : undefined} onClick={() => go(i)}>
              {i + 1}
            </button>
          ))}
        </nav>
        <label>
          <input type="checkbox" data-testid="present" checked={t.present} onChange={(e) => t.set({ present: e.target.checked })} />{' '}
          Presenter mode
        </label>
        <span className="hint">← → lessons · Space shows the next part</span>
      </div>
      <article className="lesson" aria-labelledby="lesson-title">
        <h2 id="lesson-title">{lesson.title}</h2>
        <p className="goal">
          <strong>Goal:</strong> {lesson.goal}
        </p>
        {lesson.text.map((p) => (
          <p key={p}>{p}</p>
        ))}
        {t.part >= 2 && (
          <p className="try" data-testid="try-this">
            <strong>Try this:</strong> {lesson.tryThis}
          </p>
        )}
        {t.part >= 1 && <Widget lesson={lesson} showCheck={t.part >= 3} />}
        {t.part >= 1 && <RuleHelp />}
        {t.part < PARTS - 1 && (
          <button type="button" data-testid="reveal" onClick={reveal}>
            Show the next part (Space)
          </button>
        )}
      </article>
    </div>
  );
});
