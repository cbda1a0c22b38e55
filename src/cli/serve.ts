/**
 * npm run serve -- [--port 8000] [--host 127.0.0.1] [--models arith-prm,arith-qrm,path/to/folder] [--api-key KEY]
 *   [--allowed-origins '["http://127.0.0.1:5173"]'] [--threads 1] [--models-dir models]
 * Serves model folders behind vLLM's endpoints (src/serve/engineServer.ts, docs/serving.md): the page's "Add a served
 * model", `npm run eval -- --endpoint` and any vLLM client can use them. Without --models, every shipped model that
 * is not a test model is served.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { errorText } from '../domain/errors';
import { parseModelIndex } from '../model/modelCard';
import { openNodeModel } from '../runtime/nodeModel';
import { EngineServer, type ServedModel } from '../serve/engineServer';
import { argValue } from './args';

/** A list flag as vLLM writes it (a JSON list) or as a comma list. */
function listArg(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim();
  if (text.startsWith('[')) return (JSON.parse(text) as unknown[]).map(String);
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

async function main(): Promise<number> {
  const modelsDir = argValue('--models-dir') ?? 'models';
  const port = Number(argValue('--port') ?? 8000);
  const host = argValue('--host') ?? '127.0.0.1';
  const threads = Number(argValue('--threads') ?? 1);
  const apiKeys = listArg(argValue('--api-key') ?? process.env.CREDITLENS_API_KEY) ?? [];
  const allowedOrigins = listArg(argValue('--allowed-origins')) ?? ['*'];
  const shipped = () =>
    parseModelIndex(JSON.parse(readFileSync(join(modelsDir, 'index.json'), 'utf8')))
      .models.filter((m) => !m.test)
      .map((m) => m.id);
  const wanted = listArg(argValue('--models')) ?? shipped();
  const models: ServedModel[] = [];
  for (const want of wanted) {
    // A path to a folder is served under its folder name; a bare id is a folder of --models-dir.
    const isFolder = want.includes('/') && existsSync(want) && statSync(want).isDirectory();
    const [dir, id] = isFolder ? [dirname(resolve(want)), basename(resolve(want))] : [modelsDir, want];
    try {
      const runner = await openNodeModel(dir, id, { threads });
      models.push({ name: id, folder: join(dir, id), runner });
      console.log(`serving ${id} (${runner.parts.card.role}${runner.parts.card.method ? `, ${runner.parts.card.method}` : ''})`);
    } catch (e) {
      console.error(`${want} could not be opened: ${errorText(e)}`);
      return 1;
    }
  }
  const server = new EngineServer({ models, apiKeys, allowedOrigins, log: (line) => console.log(line) });
  const bound = await server.listen(port, host);
  console.log(
    `CreditLens engine on http://${host}:${bound} (vLLM's API: /v1/models, /tokenize, /pooling, /classify, /v1/completions, /v1/chat/completions)` +
      `${apiKeys.length ? '; an API key is required' : ''}; origins allowed: ${allowedOrigins.join(', ')}`,
  );
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return -1;
}

main().then(
  (code) => code >= 0 && process.exit(code),
  (e: unknown) => {
    console.error(errorText(e));
    process.exit(1);
  },
);
