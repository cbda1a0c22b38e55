/**
 * A model on a serving engine (vLLM, or CreditLens's own `npm run serve`) behind the same ScoringModel the in-tab
 * models are: the page tokenizes with the model's own tokenizer and sends token ids, so every row the engine returns
 * lines up with a token by construction (docs/serving.md).
 *
 * - reward heads: `POST /pooling`, task `token_classify`, raw values (`use_activation: false`); one row per token
 *   (ALL pooling) or one per step tag (STEP pooling), told apart by the row count;
 * - sequence scores: `POST /classify`, the score read at the last token;
 * - log π (policies, references, LM-head read-outs): `POST /v1/completions` with `prompt_logprobs: 0`;
 * - sampling (CAPO's critic, Generate): `POST /v1/completions` with `n`, `temperature` and `seed`; an engine that
 *   answers fewer than `n` choices gets one request per missing sample (seeds s+1, s+2, …).
 */
import { fail, toWorkbenchError } from '../../domain/errors';
import type { WorkbenchCard } from '../../model/modelCard';
import type { SampleOptions } from '../generate';
import type { ScoringModel } from '../scoringModel';
import { tokenizerFromJson, type LoadedTokenizer } from '../tokenizer';
import { ServerTokenizer } from './serverTokenizer';
import { EngineConnection, type EngineTarget } from './connection';
import type { EngineRead } from './engineRead';
import { readClassify, readCompletions, readPoolingRows, readPromptLogprobs, readTokenize } from './wire';

export interface RemoteSpec {
  target: EngineTarget;
  /** The engine's name for the model (GET /v1/models). */
  model: string;
  /** CreditLens's id for the row. */
  id: string;
  /** The card made from a head preset; absent when the engine hands out its own (`npm run serve`). */
  card?: WorkbenchCard;
  /**
   * tokenizer.json and tokenizer_config.json the user opened; absent when the engine hands them out (or, failing
   * that, tokenizes); 'server' to have the engine tokenize (POST /tokenize) even so.
   */
  tokenizer?: { tokenizer: unknown; config: unknown } | 'server';
  read?: EngineRead;
  /** Requests in flight at once. */
  concurrency: number;
}

/** Runs `work` on every item with at most `limit` at once; results keep the items' order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}

/**
 * The request dialect of a vLLM version: from 0.11.1 `/pooling` takes `task: "token_classify"` and `use_activation`;
 * 0.10.x took no such task and `softmax`. Engines that are not vLLM (a version string without numbers) get the newest.
 */
export function poolingDialect(version: string | null): Record<string, unknown> {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version ?? '');
  const old = m !== null && Number(m[1]) === 0 && (Number(m[2]) < 11 || (Number(m[2]) === 11 && Number(m[3]) < 1));
  return old ? { softmax: false } : { task: 'token_classify', use_activation: false };
}

export class RemoteModel implements ScoringModel {
  private checked = false;

  private constructor(
    readonly parts: { card: WorkbenchCard; tokenizer: LoadedTokenizer; reference?: RemoteModel },
    readonly context: number,
    readonly connection: EngineConnection,
    readonly version: string | null,
    private readonly spec: RemoteSpec,
  ) {}

  /** Asks the engine what it serves, and builds the model from the card and tokenizer it was given or hands out. */
  static async open(spec: RemoteSpec, onProgress: (fraction: number, what: string) => void = () => {}): Promise<RemoteModel> {
    const connection = new EngineConnection(spec.target);
    onProgress(0, `asking ${connection.origin}`);
    // /version is public on vLLM and llama.cpp; an engine without it is still asked for its models.
    const { version, models: served } = await connection.served();
    const entry = served.find((m) => m.id === spec.model);
    if (!entry)
      fail(
        'unknown-model',
        `${connection.origin} does not serve "${spec.model}"; it serves ${served.map((m) => `"${m.id}"`).join(', ') || 'nothing'}.`,
        'Pick one of the served models in Models › Served models.',
      );
    onProgress(0.3, 'reading the card and tokenizer');
    const given = spec.card ?? (await connection.modelCard(spec.model));
    if (!given)
      fail(
        'card-missing',
        `${connection.origin} gives no card for "${spec.model}" (only CreditLens's own server does).`,
        'Pick the head preset that says how this model is read.',
      );
    const files =
      spec.tokenizer === 'server'
        ? null
        : (spec.tokenizer ?? {
            tokenizer: await connection.modelFile(spec.model, 'tokenizer.json'),
            config: await connection.modelFile(spec.model, 'tokenizer_config.json'),
          });
    const card: WorkbenchCard = { ...given, id: spec.id, name: `${given.name} @ ${connection.origin}` };
    let tokenizer: LoadedTokenizer;
    if (files?.tokenizer) tokenizer = tokenizerFromJson(`${spec.model} (served)`, files.tokenizer, files.config);
    else {
      tokenizer = await ServerTokenizer.open(
        connection,
        spec.model,
        [given.stepTag ?? '', ...(given.tokenPair ?? [])].filter(Boolean),
      ).catch((e: unknown) => {
        if (toWorkbenchError(e).code !== 'engine-error') throw e;
        fail(
          'tokenizer-missing',
          `CreditLens needs the tokenizer of "${spec.model}" to line its rows up with tokens; ${connection.origin} neither hands it out nor tokenizes (POST /tokenize).`,
          'Open the model’s tokenizer.json (and tokenizer_config.json) from its Hugging Face folder in the served-model form.',
        );
      });
      card.caveat = [card.caveat, `Tokenized by the engine (POST /tokenize): token offsets come from its pieces.`]
        .filter(Boolean)
        .join(' ');
    }
    const reference = given.reference
      ? await RemoteModel.open({ ...spec, model: given.reference, id: `${spec.id}-reference`, card: undefined })
      : undefined;
    const context = entry.maxModelLen ?? 1 << 20;
    onProgress(1, 'ready');
    return new RemoteModel({ card, tokenizer, reference }, context, connection, version, spec);
  }

  /** The engine's name and version, for the row's device and the hover. */
  get device(): string {
    return `engine ${this.connection.origin}${this.version ? ` (${this.version})` : ''}`;
  }

  cancel(): void {
    this.connection.cancelAll();
  }

  /**
   * Once per model: the engine must split text into the ids the page does. A different tokenizer would shift every
   * row, so a mismatch is an error that names the first token that differs. Engines without /tokenize are trusted.
   */
  private async checkTokenizer(sample: string): Promise<void> {
    if (this.checked) return;
    const mine = this.parts.tokenizer.encode(sample);
    let theirs: number[];
    try {
      theirs = readTokenize(await this.connection.post('/tokenize', { model: this.spec.model, prompt: sample, add_special_tokens: false }));
    } catch (e) {
      if (toWorkbenchError(e).code === 'engine-error') {
        this.checked = true;
        return;
      }
      throw e;
    }
    const at = mine.findIndex((id, i) => id !== theirs[i]);
    const differs = at >= 0 ? at : mine.length !== theirs.length ? Math.min(mine.length, theirs.length) : -1;
    if (differs >= 0) {
      const tok = this.parts.tokenizer;
      const show = (id: number | undefined) => (id === undefined ? 'nothing' : `${id} "${tok.tokenString(id)}"`);
      fail(
        'engine-response',
        `${this.spec.model} on ${this.connection.origin} tokenizes differently from the tokenizer on this page: token ${differs + 1} is ${show(theirs[differs])} there and ${show(mine[differs])} here.`,
        'Open the tokenizer.json of the very model the engine serves; nothing was scored, so no row is misaligned.',
      );
    }
    this.checked = true;
  }

  async prepare(pass: () => void): Promise<void> {
    const tok = this.parts.tokenizer;
    if (!(tok instanceof ServerTokenizer)) return;
    // Each pass may reach texts that depend on earlier answers (a trace cut to the steps that fit), so a few passes.
    for (let round = 0; round < 16; round++) {
      pass();
      const wanted = tok.takeWanted();
      if (!wanted.length) return;
      await tok.fill(wanted);
    }
  }

  private async sampleCheck(sequences: readonly number[][]): Promise<void> {
    if (this.parts.tokenizer instanceof ServerTokenizer) this.checked = true;
    if (!this.checked && sequences.length) await this.checkTokenizer(this.parts.tokenizer.decode(sequences[0].slice(0, 256)));
  }

  get readsAt(): boolean {
    return this.spec.read === 'classify-prefixes';
  }

  async scalars(
    sequences: readonly number[][],
    at?: readonly number[][],
  ): Promise<{ rows: Float32Array[]; width: number; bytesRead: number }> {
    await this.sampleCheck(sequences);
    const { card, tokenizer } = this.parts;
    const tagId = card.stepTag ? tokenizer.id(card.stepTag) : null;
    let width = 1;
    let bytesRead = 0;
    const rows = await mapLimit(sequences, this.spec.concurrency, async (ids, i) => {
      if ((this.spec.read ?? 'pooling') !== 'pooling') {
        // The whole input's score sits at its last token; a prefix's at the prefix's last token (the model is causal).
        const ends = this.spec.read === 'classify-prefixes' && at ? at[i] : [ids.length - 1];
        const scores = readClassify(
          await this.connection.post('/classify', {
            model: this.spec.model,
            input: ends.map((p) => ids.slice(0, p + 1)),
            add_special_tokens: false,
            use_activation: false,
          }),
        );
        if (scores.length !== ends.length)
          fail(
            'engine-response',
            `${this.spec.model} returned ${scores.length} scores for ${ends.length} prefixes.`,
            'Check that the engine serves /classify for a list of inputs.',
          );
        width = scores[0]?.length ?? 1;
        const row = new Float32Array(ids.length * width).fill(NaN);
        scores.forEach((probs, k) => row.set(probs, ends[k] * width));
        bytesRead += scores.length * width * 4;
        return row;
      }
      const got = readPoolingRows(
        await this.connection.post('/pooling', {
          model: this.spec.model,
          input: ids,
          add_special_tokens: false,
          encoding_format: 'float',
          ...poolingDialect(this.version),
        }),
      );
      const tags = tagId === null ? [] : ids.flatMap((id, p) => (id === tagId ? [p] : []));
      const positions = got.length === ids.length ? ids.map((_, p) => p) : got.length === tags.length && tags.length ? tags : null;
      if (!positions)
        fail(
          'engine-response',
          `${this.spec.model} returned ${got.length} rows for ${ids.length} tokens${tagId !== null ? ` and ${tags.length} step tags` : ''}.`,
          'Rows must be one per token (ALL pooling) or one per step tag (STEP pooling with the card’s tag). Check the engine’s --pooler-config and the head preset.',
        );
      width = got[0]?.length ?? 1;
      const row = new Float32Array(ids.length * width).fill(NaN);
      got.forEach((values, r) => row.set(values, positions[r] * width));
      bytesRead += got.length * width * 4;
      return row;
    });
    return { rows, width, bytesRead };
  }

  async logprobs(sequences: readonly number[][]): Promise<{ logprobs: Float32Array[]; entropy: Float32Array[]; bytesRead: number }> {
    await this.sampleCheck(sequences);
    const logprobs = await mapLimit(sequences, this.spec.concurrency, async (ids) =>
      readPromptLogprobs(
        await this.connection.post('/v1/completions', {
          model: this.spec.model,
          prompt: ids,
          max_tokens: 1,
          temperature: 0,
          prompt_logprobs: 0,
          add_special_tokens: false,
        }),
        ids,
      ),
    );
    // prompt_logprobs carry no entropy; asking for the whole vocabulary (-1) to compute it would cost T×V per trace.
    const entropy = logprobs.map((lp) => new Float32Array(lp.length).fill(NaN));
    return { logprobs, entropy, bytesRead: logprobs.reduce((n, lp) => n + lp.byteLength, 0) };
  }

  async generate(prompts: number[][], options: SampleOptions): Promise<number[][]> {
    // Identical prompts in a row (a critic's n critiques) go as one request with n, as the tab samples them in one batch.
    const groups: { ids: number[]; n: number; at: number }[] = [];
    prompts.forEach((ids, at) => {
      const last = groups.at(-1);
      if (last && last.ids === ids) last.n++;
      else groups.push({ ids, n: 1, at });
    });
    const seed = options.seed ?? Math.floor(options.rand() * 2 ** 31);
    const tok = this.parts.tokenizer;
    const ask = async (ids: number[], n: number, s: number) => {
      const body = {
        model: this.spec.model,
        prompt: ids,
        n,
        temperature: options.temperature,
        top_p: options.topP ?? 1,
        max_tokens: options.maxNew,
        seed: s,
        add_special_tokens: false,
        return_token_ids: true,
        // eos −1: no end-of-text token is known (a tokenizer on the engine), or the caller samples past it.
        ...(options.eos >= 0 ? { stop_token_ids: [options.eos] } : tok.eosId === null ? {} : { ignore_eos: true }),
        ...(options.stop ? { stop: [options.stop] } : {}),
      };
      const choices = readCompletions(await this.connection.post('/v1/completions', body));
      // The engine's own tokenizer knows the pieces of the texts it tokenized: the samples come back as those.
      if (tok instanceof ServerTokenizer) {
        await tok.fill(choices.map((c) => c.text));
        return choices.map((c) => tok.encode(c.text));
      }
      return choices.map((c) => (c.tokenIds ?? tok.encode(c.text)).filter((t) => t !== options.eos));
    };
    const outs = await mapLimit(groups, this.spec.concurrency, async (g) => {
      const got = await ask(g.ids, g.n, seed);
      // An engine that ignores n (Ollama, TGI) answers one choice: the rest come one request each.
      for (let k = got.length; k < g.n && !options.stopped?.(); k++) got.push(...(await ask(g.ids, 1, seed + k)));
      return got.slice(0, g.n);
    });
    return outs.flat();
  }
}
