import { useEffect, useRef } from 'react';
import type { CheckQuestion as Question } from '../../teach/lessons';
import { useTeach } from '../../state/teach';

/** A check question: pick an option with the arrow keys or a click, then Enter or "Check" shows whether it is right and why. */
export function CheckQuestion({ lessonId, question }: { lessonId: string; question: Question }) {
  const state = useTeach((s) => s.answers[lessonId]) ?? { picked: null, checked: false };
  const answer = useTeach((s) => s.answer);
  const result = useRef<HTMLParagraphElement>(null);
  const first = useRef<HTMLInputElement>(null);
  // Shown by Space, the question takes the focus: arrows pick an option, Enter checks it.
  useEffect(() => first.current?.focus(), []);
  const rightOnes = typeof question.answer === 'number' ? [question.answer] : question.answer;
  const right = state.picked !== null && rightOnes.includes(state.picked);
  return (
    <form
      className="check"
      data-testid="check"
      data-correct={rightOnes.join(' ')}
      onSubmit={(e) => {
        e.preventDefault();
        if (state.picked === null) return;
        answer(lessonId, { checked: true });
        // The result takes the focus, so the arrow keys move between lessons again.
        setTimeout(() => result.current?.focus(), 0);
      }}
    >
      <fieldset>
        <legend>Check: {question.prompt}</legend>
        {question.options.map((o, i) => (
          <label key={o}>
            <input
              ref={i === 0 ? first : undefined}
              type="radio"
              name={`check-${lessonId}`}
              value={i}
              checked={state.picked === i}
              onChange={() => answer(lessonId, { picked: i, checked: false })}
            />{' '}
            {o}
          </label>
        ))}
      </fieldset>
      <button type="submit" data-testid="check-submit" disabled={state.picked === null}>
        Check
      </button>
      <p ref={result} tabIndex={-1} data-testid="check-result" data-right={state.checked ? String(right) : undefined} aria-live="polite">
        {state.checked && (right ? `Right. ${question.why}` : `Not quite. ${question.why}`)}
      </p>
    </form>
  );
}
