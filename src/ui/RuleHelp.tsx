/** The first-error rule and the colour rule in a sentence each, where a number or a colour needs them (docs/reading-credit.md). */
export function RuleHelp() {
  return (
    <details className="rule-help" data-testid="rule-help">
      <summary>How is this read?</summary>
      <p>
        <strong>First wrong step.</strong> One rule everywhere: a model with step scores calls the first step whose score is below its τ
        wrong; τ is the one you set for the model, else its card&rsquo;s (chosen on validation data), else its method&rsquo;s default.
        CAPO&rsquo;s first wrong step is the first step the critics&rsquo; vote marks wrong. A token-level model&rsquo;s lowest-credit token
        is a second reading, always named as such.
      </p>
      <p>
        <strong>Colours.</strong> Probabilities are drawn on 0 to 1 with 0.5 neutral; signed credit on a range centred on 0 and shared by
        every row of the same method on the screen. Equal numbers get equal colours. &ldquo;Stretch each row&rdquo; in the display settings
        spreads each row over the whole palette instead, and its legend then says so.
      </p>
    </details>
  );
}
