import { useEffect, useState } from 'react';
import {
  METHODS,
  OUTPUT_MEANINGS,
  ROLES,
  parseWorkbenchCard,
  readsLogprobs,
  type ModelMethod,
  type ModelRole,
  type OutputMeaning,
  type StepReview,
  type WorkbenchCard,
} from '../model/modelCard';
import { previewTokens, type TokenPreview } from '../state/tokenPreview';
import { headKind, suggestMeaning, suggestTemplates } from '../model/cardSuggestion';
import { onnxFileOf, WEIGHT_DTYPES } from '../model/weightDtype';
import { HEAD_PRESETS, presetById, presetTemplates, suggestPreset, type HeadPreset } from '../model/headPresets';
import { traceFromText } from '../state/textTrace';
import { useWorkbench } from '../state/workbench';
import { visibleToken } from './rowView';

type Files = [string, Blob][];

/** The facts workbench.json would hold, asked for when a folder has none; prefilled from the folder's own files. */
export function CardForm({
  name,
  files,
  onDone,
  onCancel,
  served = false,
}: {
  name: string;
  files: Files;
  /** A model on a serving engine: there are no weight files to pick. */
  served?: boolean;
  onDone: (card: WorkbenchCard) => void;
  onCancel: () => void;
}) {
  const [f, setF] = useState({
    role: 'reward' as ModelRole,
    method: 'qrm',
    meaning: 'token-scalar' as OutputMeaning,
    output: 'logits',
    stepTag: '',
    prompt: '{problem}\n',
    response: '{response}',
    params: {} as Record<string, number>,
    tokenPair: null as [string, string] | null,
    // A step-by-step critic's review format (from its preset); null: one free review per sample.
    review: null as StepReview | null,
    // A generative verifier's line around each step's verdict token; no verdict lines while `verdictBefore` is empty.
    verdictBefore: '',
    verdictAfter: '',
    // The first stored variant the folder has: float32, else half precision, else 4 bits.
    dtype: WEIGHT_DTYPES.find((d) => files.some(([p]) => p === `onnx/${onnxFileOf(d)}`)) ?? 'fp32',
  });
  const [facts, setFacts] = useState<{ head: ReturnType<typeof headKind>; tokenizerConfig: Record<string, unknown> } | null>(null);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [preset, setPreset] = useState('custom');
  /** Fills the fields a preset decides; the templates follow the tokenizer's chat format. */
  const applyPreset = (p: HeadPreset, tokenizerConfig: Record<string, unknown>) => {
    const t = presetTemplates(p, suggestTemplates(tokenizerConfig, p.role));
    setPreset(p.id);
    setF((v) => ({
      ...v,
      role: p.role,
      method: p.method ?? 'none',
      meaning: p.meaning,
      stepTag: p.stepTag ?? '',
      prompt: t.prompt,
      response: t.response,
      params: p.params ?? {},
      tokenPair: p.tokenPair ?? null,
      review: p.review ?? null,
      verdictBefore: p.verdict?.before ?? '',
      verdictAfter: p.verdict?.after ?? '',
    }));
    setTouched(new Set(['role', 'method', 'meaning', 'stepTag', 'prompt', 'response']));
  };
  const fileOf = (path: string) => files.find(([p]) => p === path)?.[1] ?? null;
  const headFile = fileOf('head.safetensors') ? 'head.safetensors' : null;
  // What config.json and tokenizer_config.json say, read once; the suggestions follow the role and method picked.
  useEffect(() => {
    let live = true;
    const read = async (path: string) => {
      const file = fileOf(path);
      return file ? (JSON.parse(await file.text()) as Record<string, unknown>) : {};
    };
    void Promise.all([read('config.json'), read('tokenizer_config.json')]).then(
      ([config, tokenizerConfig]) => {
        if (!live) return;
        setFacts({ head: headKind(config), tokenizerConfig });
        const suggested = suggestPreset(config);
        if (suggested) applyPreset(suggested, tokenizerConfig);
      },
      () => live && setFacts({ head: 'unknown', tokenizerConfig: {} }),
    );
    return () => {
      live = false;
    };
    // The folder's files do not change while the form is open.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const suggested = facts && {
    meaning: suggestMeaning(facts.head, f.role, f.method === 'none' ? null : (f.method as ModelMethod)),
    ...suggestTemplates(facts.tokenizerConfig, f.role),
  };
  // A field the user has not edited shows the suggestion for the current role and method.
  const shown = {
    ...f,
    ...(suggested
      ? Object.fromEntries((['meaning', 'prompt', 'response'] as const).filter((k) => !touched.has(k)).map((k) => [k, suggested[k]]))
      : {}),
  } as typeof f;
  /** The fields typed into: every key but the preset's params and token pair. */
  const field = (key: Exclude<keyof typeof f, 'params' | 'tokenPair' | 'review'>) => ({
    value: shown[key],
    onChange: (e: { target: { value: string } }) => {
      setF({ ...shown, [key]: e.target.value });
      setTouched((t) => new Set([...t, key]));
      setPreset('custom');
    },
  });
  const [error, setError] = useState('');
  const cardOf = (v: typeof f) =>
    parseWorkbenchCard({
      id: `local-${name}`,
      name,
      description: `Opened from your disk; card filled in by hand.`,
      role: v.role,
      method: v.method === 'none' ? null : v.method,
      output: { name: v.output, meaning: v.meaning },
      stepTag: v.stepTag || null,
      template: { prompt: v.prompt, response: v.response },
      params: v.params,
      ...(v.tokenPair ? { tokenPair: v.tokenPair } : {}),
      ...(v.review && v.role === 'critic' ? { review: v.review } : {}),
      ...(v.verdictBefore ? { verdict: { before: v.verdictBefore, after: v.verdictAfter } } : {}),
      // A head weight file beside the graph is added on the LM head's hidden state at load time.
      ...(headFile && !readsLogprobs(v.meaning as OutputMeaning) && !v.tokenPair ? { head: headFile } : {}),
      dtype: v.dtype,
      provenance: { how: 'unknown', data: 'unknown', steps: 0, seed: 0 },
    });
  const submit = () => {
    try {
      onDone(cardOf(shown));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const problem = useWorkbench((s) => s.problem);
  const text = useWorkbench((s) => s.text);
  const [preview, setPreview] = useState<TokenPreview | string | null>(null);
  const key = JSON.stringify([shown, problem, text]);
  // The exact input this card gives the model for the trace on the Inspect page, worked out in a worker.
  useEffect(() => {
    const tokenizer = fileOf('tokenizer.json');
    if (!tokenizer || !facts) return;
    let live = true;
    const timer = setTimeout(() => {
      let card: WorkbenchCard;
      try {
        card = cardOf(shown);
      } catch (e) {
        setPreview(e instanceof Error ? e.message : String(e));
        return;
      }
      previewTokens({
        label: name,
        tokenizer,
        config: fileOf('tokenizer_config.json'),
        card,
        trace: traceFromText('preview', problem, text, null),
      }).then(
        (p) => live && setPreview(p),
        (e: unknown) => live && setPreview(e instanceof Error ? e.message : String(e)),
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for the card fields and the trace.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, facts]);
  return (
    <form
      className="card-form"
      data-testid="card-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p>
        <strong>{name}</strong> has no workbench.json. Tell CreditLens how to read it; the fields start from what its config.json and
        tokenizer_config.json say:
      </p>
      <label>
        Head{' '}
        <select
          data-testid="card-preset"
          value={preset}
          onChange={(e) => {
            const p = presetById(e.target.value);
            if (p) applyPreset(p, facts?.tokenizerConfig ?? {});
            else setPreset('custom');
          }}
        >
          <option value="custom">custom (set the fields below)</option>
          {HEAD_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Role{' '}
        <select data-testid="card-role" {...field('role')}>
          {ROLES.map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        Method{' '}
        <select data-testid="card-method" {...field('method')}>
          <option value="none">none (a plain LM)</option>
          {METHODS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label>
        Output{' '}
        <select data-testid="card-meaning" {...field('meaning')}>
          {OUTPUT_MEANINGS.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </select>
      </label>
      <label>
        Output name <input data-testid="card-output" {...field('output')} />
      </label>
      {!served && (
        <label>
          Weights{' '}
          <select data-testid="card-dtype" {...field('dtype')}>
            {WEIGHT_DTYPES.filter((d) => files.some(([p]) => p === `onnx/${onnxFileOf(d)}`)).map((d) => (
              <option key={d} value={d}>
                {d} (onnx/{onnxFileOf(d)})
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Step tag <input data-testid="card-step-tag" placeholder="[PRM] or ки" {...field('stepTag')} />
      </label>
      {(headFile || shown.tokenPair) && (
        <p className="hint" data-testid="card-head-note">
          {shown.tokenPair
            ? `Reads the LM's own logits of "${shown.tokenPair[0]}" (right) and "${shown.tokenPair[1]}" at each ${shown.verdictBefore ? 'verdict line' : 'step tag'}.`
            : `${headFile} is added on the LM head's hidden state when the model loads.`}
        </p>
      )}
      {shown.verdictBefore && (
        <>
          <p className="hint">
            After the input, each step k gets a verdict line: the text before the verdict ({'{step}'} is k, counted from 1), the verdict
            token, then the text after it. The pair is read where the verdict token is predicted; the line is filled in with &quot;
            {shown.tokenPair?.[0]}&quot;, so each step is judged with the steps before it taken as right.
          </p>
          <label>
            Verdict line, before the token <input data-testid="card-verdict-before" {...field('verdictBefore')} />
          </label>
          <label>
            Verdict line, after the token <input data-testid="card-verdict-after" {...field('verdictAfter')} />
          </label>
        </>
      )}
      {shown.review && shown.role === 'critic' && (
        <p className="hint" data-testid="card-review-note">
          Reviews step by step: for each step the critic writes the step after &quot;{shown.review.attempt.trim()}&quot;, is shown the step
          as written after &quot;{shown.review.given.split('{text}')[0].trim()}&quot;, and answers &quot;{shown.review.verdicts[0]}&quot; or
          &quot;{shown.review.verdicts[1]}&quot;.
        </p>
      )}
      <p className="hint">
        Templates keep line breaks: {'{problem}'} and {'{response}'} are filled in, the rest is read as written.
      </p>
      <label>
        Prompt template <textarea data-testid="card-prompt" rows={2} placeholder="{problem}" {...field('prompt')} />
      </label>
      <label>
        Response template <textarea data-testid="card-response" rows={2} {...field('response')} />
      </label>
      <div className="token-preview" data-testid="token-preview">
        {preview === null ? (
          <p className="hint">Working out the model input for the trace on the Inspect page…</p>
        ) : typeof preview === 'string' ? (
          <p className="error">{preview}</p>
        ) : (
          <>
            <p className="hint" data-testid="token-preview-total" data-total={preview.total}>
              The exact input for the trace on the Inspect page: {preview.total} tokens
              {preview.tail.length ? ` (the first ${preview.tokens.length} and the last ${preview.tail.length} shown)` : ''}. Check the
              prompt and the special tokens before you score.
            </p>
            <ol className="token-chips">
              {preview.tokens.map((t, i) => (
                <li key={i} title={`token ${i + 1}: id ${t.id}`}>
                  {visibleToken(t.text)}
                </li>
              ))}
              {preview.tail.length > 0 && <li>…</li>}
              {preview.tail.map((t, i) => {
                const n = preview.total - preview.tail.length + i + 1;
                return (
                  <li key={`tail-${n}`} title={`token ${n}: id ${t.id}`} data-testid="token-preview-tail">
                    {visibleToken(t.text)}
                  </li>
                );
              })}
            </ol>
          </>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" data-testid="card-submit">
        Use this model
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
