/**
 * A number input that only ever hands valid values on: what the user types stays in the box, and until it is a
 * number in range the field says why under it, marks itself invalid and reports so (the action it feeds is disabled).
 */
import { useId, useState } from 'react';
import { numberProblem, type NumberRule } from './numberRule';

export function NumberField({
  label,
  value,
  rule,
  onValid,
  onValidity,
  testId,
  disabled,
  title,
}: {
  label: string;
  value: number;
  rule: NumberRule;
  onValid: (value: number) => void;
  /** Told whether the box now holds a valid value. */
  onValidity?: (ok: boolean) => void;
  testId?: string;
  disabled?: boolean;
  title?: string;
}) {
  const [text, setText] = useState(String(value));
  const id = useId();
  // A value set elsewhere (a link, a reset) replaces the text unless the text already says the same.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (Number(text) !== value || text.trim() === '') setText(String(value));
  }
  const problem = numberProblem(text, label, rule);
  return (
    <label title={title} className="number-field">
      {label}{' '}
      <input
        type="number"
        data-testid={testId}
        min={rule.min}
        max={rule.max}
        // HTML's step="any": a decimal setting takes every value, not only multiples of a step.
        step={rule.step ?? (rule.integer ? 1 : 'any')}
        value={text}
        disabled={disabled}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? id : undefined}
        onChange={(e) => {
          const next = e.target.value;
          setText(next);
          const bad = numberProblem(next, label, rule);
          onValidity?.(!bad);
          if (!bad) onValid(Number(next));
        }}
      />
      {problem && (
        <span className="field-error" id={id} role="alert" data-testid={testId ? `${testId}-error` : undefined}>
          {problem}
        </span>
      )}
    </label>
  );
}
