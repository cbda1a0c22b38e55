/** A model's τ for the first-error rule: what it is and where it came from; the user can set their own, or go back. */
import { stepTauSource } from '../eval/stepVerdicts';
import { useModelTau, useStepTaus } from '../state/stepTaus';
import { NumberField } from './NumberField';
import { RuleHelp } from './RuleHelp';

export function StepTauField({ model, method, cardValue }: { model: string; method: string | undefined; cardValue?: number }) {
  const tau = useModelTau(model, method, cardValue);
  const set = useStepTaus((s) => s.set);
  if (!tau) return null;
  return (
    <span className="step-tau" data-testid="step-tau" data-model={model} data-tau={tau.value} data-source={tau.source}>
      <NumberField
        label="First wrong step: the first step below τ ="
        value={tau.value}
        rule={{}}
        testId="step-tau-input"
        title="Every view, export and metric reads this model's first wrong step at this τ."
        onValid={(v) => v !== tau.value && set(model, v)}
      />{' '}
      <span data-testid="step-tau-source">({stepTauSource(tau)})</span>
      {tau.source === 'user' && (
        <button type="button" className="link" data-testid="step-tau-reset" onClick={() => set(model, null)}>
          back to the {cardValue !== undefined ? 'card’s' : 'default'} τ
        </button>
      )}{' '}
      <RuleHelp />
    </span>
  );
}
