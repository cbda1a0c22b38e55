/**
 * The command line's side of served models: `--endpoint URL` with `--models a,b` scores through a serving engine
 * instead of in-process. A model `npm run serve` serves brings its own card and tokenizer; for any other engine,
 * `NAME:PRESET` (a head preset id) or `NAME:card.json` says how to read it and `--tokenizer DIR` gives its tokenizer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fail } from '../domain/errors';
import { HEAD_PRESETS, presetById, presetCard } from '../model/headPresets';
import { parseWorkbenchCard } from '../model/modelCard';
import { DEFAULT_TIMEOUT_MS, engineBaseUrl } from '../runtime/engine/connection';
import { engineReadOf } from '../runtime/engine/engineRead';
import { RemoteModel } from '../runtime/engine/remoteModel';
import { argValue } from './args';

export interface EngineArgs {
  baseUrl: string;
  apiKey?: string;
  concurrency: number;
  timeoutMs: number;
  tokenizerDir?: string;
}

/** --endpoint and its companions, or null when the command runs in-process. The key may come from CREDITLENS_API_KEY. */
export function engineArgs(): EngineArgs | null {
  const endpoint = argValue('--endpoint');
  if (!endpoint) return null;
  return {
    baseUrl: engineBaseUrl(endpoint),
    apiKey: argValue('--api-key') ?? process.env.CREDITLENS_API_KEY,
    concurrency: Number(argValue('--concurrency') ?? 8),
    timeoutMs: Number(argValue('--timeout') ?? DEFAULT_TIMEOUT_MS / 1000) * 1000,
    tokenizerDir: argValue('--tokenizer'),
  };
}

const readJsonFile = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** Opens `NAME`, `NAME:PRESET` or `NAME:card.json` on the engine. */
export function openEngineModel(args: EngineArgs, spec: string): Promise<RemoteModel> {
  const at = spec.indexOf(':');
  const [model, how] = at < 0 ? [spec, null] : [spec.slice(0, at), spec.slice(at + 1)];
  let card;
  let tokenizer;
  if (how) {
    const dir = args.tokenizerDir;
    if (dir && !existsSync(join(dir, 'tokenizer.json')))
      fail(
        'tokenizer-missing',
        `${dir} has no tokenizer.json.`,
        'Give --tokenizer the model’s Hugging Face folder, or leave it out to let the engine tokenize.',
      );
    const config = dir && existsSync(join(dir, 'tokenizer_config.json')) ? readJsonFile(join(dir, 'tokenizer_config.json')) : {};
    // Without --tokenizer, the engine tokenizes (POST /tokenize).
    tokenizer = dir ? { tokenizer: readJsonFile(join(dir, 'tokenizer.json')), config } : undefined;
    if (how.endsWith('.json')) card = parseWorkbenchCard(readJsonFile(how));
    else {
      const preset = presetById(how);
      if (!preset)
        fail('input-invalid', `"${how}" is not a head preset.`, `Use one of ${HEAD_PRESETS.map((p) => p.id).join(', ')}, or a card file.`);
      card = presetCard(preset, model, model, config as Record<string, unknown>);
    }
  }
  return RemoteModel.open({
    target: { baseUrl: args.baseUrl, apiKey: args.apiKey, timeoutMs: args.timeoutMs },
    model,
    id: model,
    card,
    tokenizer,
    read: how ? engineReadOf(how) : 'pooling',
    concurrency: args.concurrency,
  });
}
