/**
 * npm run import -- --data <file or folder> [--format <name>] [--tokenizer <folder or tokenizer.json>] [--json <out>]
 * The import validator: reads each file as the page would (a dataset of any known format, or scores from elsewhere in
 * CreditLens's scores JSONL) and says what it found: traces, steps, labels and channels (each scored model, or each
 * label a dataset carries), and every line skipped with its reason. `--json` writes
 * `{ "traces": n, "channels": [names], "skipped": [{ "file", "line", "reason" }] }`. Token ids (prime-rl's export)
 * are read with `--tokenizer`, the real Qwen2.5 tokenizer when none is named.
 */
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FORMATS, type DatasetFormat } from '../domain/dataset';
import { errorText } from '../domain/errors';
import type { Trace } from '../domain/trace';
import { datasetTraces } from '../eval/datasetMetrics';
import { importDataset } from '../io/importDataset';
import { idDecoder } from '../io/idDecoder';
import { needsDecoder, parseImportedScores, parseScoresRecords, type ImportedScores } from '../io/importedScores';
import { isParquet, parquetRecords } from '../io/parquetRows';
import { isRolloutLine, type IdDecoder } from '../io/rollouts';
import { QWEN_TOKENIZER_DIR } from '../model/decoder/folder';
import { argValue } from './args';
import { progress } from './progress';
import { fileChunks } from './fileChunks';

export interface FileReport {
  file: string;
  /** The dataset format it was read as, or "scores" for CreditLens's scores JSONL and RL rollout dumps. */
  format: DatasetFormat | 'scores';
  traces: number;
  steps: number;
  /** What each trace carries beside its text: the models that scored it, or the labels a dataset gives. */
  channels: string[];
  skipped: { line: number; reason: string }[];
  /** Lines skipped in all (the list keeps the first thousand of a dataset). */
  skippedCount: number;
}

/** The labels a dataset's traces carry, by name (what its metrics can be measured against). */
function labelChannels(traces: readonly Trace[]): string[] {
  const has = (pick: (t: Trace) => boolean, name: string) => (traces.some(pick) ? [name] : []);
  return [
    ...has((t) => t.firstErrorStep !== undefined, 'first wrong step'),
    ...has((t) => t.steps.some((step) => step.label !== undefined), 'step labels'),
    ...has((t) => t.finalCorrect !== undefined, 'final answer correct'),
    ...has((t) => t.goldAnswer !== undefined, 'gold answer'),
    ...has((t) => (t.wrongSpans?.length ?? 0) > 0, 'wrong spans'),
  ];
}

/**
 * One file as the page reads it: a dataset when its first records match a known format (or the one given), else
 * scores from elsewhere when its lines are; an error says why it is neither.
 */
export async function checkFile(path: string, format?: DatasetFormat, tokenizer = QWEN_TOKENIZER_DIR): Promise<FileReport> {
  const file = basename(path);
  if (!format && isParquet(head(path, 4))) {
    const bytes = readFileSync(path);
    return scoresReport(
      path,
      parseScoresRecords(await parquetRecords(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length))),
    );
  }
  if (!format && looksLikeScores(path)) return checkScores(path, tokenizer);
  let datasetError: unknown = null;
  try {
    const d = await importDataset(file, fileChunks(path), { format });
    const traces = datasetTraces(d.items);
    return {
      file,
      format: d.format,
      traces: traces.length,
      steps: traces.reduce((n, t) => n + t.steps.length, 0),
      channels: labelChannels(traces),
      skipped: d.problems.map((p) => ({ line: p.line, reason: p.message })),
      skippedCount: d.problemCount,
    };
  } catch (e) {
    if (format) throw e;
    datasetError = e;
  }
  throw datasetError instanceof Error ? datasetError : new Error(errorText(datasetError));
}

/** A scores file's lines name the model that scored and its values (docs/scores-jsonl.md); a dataset's do not. */
/** The first `bytes` bytes of a file (or fewer, when it is shorter). */
function head(path: string, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  const fd = openSync(path, 'r');
  const n = readSync(fd, buffer, 0, bytes, 0);
  closeSync(fd);
  return buffer.subarray(0, n);
}

function looksLikeScores(path: string): boolean {
  // Only the file's first 64 KB are read to tell: the whole is read once, by the reader that takes it.
  const first = head(path, 1 << 16)
    .toString('utf8')
    .split(/\r?\n/)
    .find((l) => l.trim());
  try {
    const r = JSON.parse(first ?? '') as Record<string, unknown>;
    return (typeof r.model === 'string' && (r.token_values !== undefined || r.step_values !== undefined)) || isRolloutLine(r);
  } catch {
    return false;
  }
}

/** A tokenizer folder (tokenizer.json and tokenizer_config.json) or a tokenizer.json, as a decoder of token ids. */
export function decoderAt(path: string): IdDecoder {
  const dir = statSync(path).isDirectory() ? path : dirname(path);
  const json = dir === path ? join(path, 'tokenizer.json') : path;
  const config = join(dir, 'tokenizer_config.json');
  const read = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));
  return idDecoder(path === QWEN_TOKENIZER_DIR ? 'Qwen2.5' : basename(dir), read(json), existsSync(config) ? read(config) : {});
}

function checkScores(path: string, tokenizer: string): FileReport {
  const text = readFileSync(path, 'utf8');
  return scoresReport(
    path,
    parseImportedScores(text, { tokenBudget: Infinity, decoder: needsDecoder(text) ? decoderAt(tokenizer) : undefined }),
  );
}

function scoresReport(path: string, scores: ImportedScores): FileReport {
  const traces = scores.traces.map((t) => t.trace);
  return {
    file: basename(path),
    format: 'scores',
    traces: traces.length,
    steps: traces.reduce((n, t) => n + t.steps.length, 0),
    channels: [...new Set(scores.traces.flatMap((t) => t.runs.map((r) => `${r.modelId} (${r.method})`)))],
    skipped: scores.problems.map((p) => ({ line: p.line, reason: p.message })),
    skippedCount: scores.problems.length,
  };
}

/**
 * The files a path names: itself, or the JSON, JSON lines and Parquet files of a folder and its subfolders
 * (prime-rl's `token_exports/step_{n}/rank_{r}.jsonl`, TRL's `completions/completions_{step}.parquet`), in name order.
 */
export function filesOf(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(jsonl?|ndjson|parquet)$/i.test(f) && !statSync(join(path, f)).isDirectory())
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((f) => join(path, f));
}

async function main(): Promise<number> {
  const data = argValue('--data');
  const format = argValue('--format');
  if (!data) {
    console.error(
      'Usage: npm run import -- --data <file or folder> [--format <name>] [--tokenizer <folder or tokenizer.json>] [--json <out>]',
    );
    return 2;
  }
  if (format && !FORMATS.includes(format as DatasetFormat)) {
    console.error(`Unknown format "${format}". Known: ${FORMATS.join(', ')}.`);
    return 2;
  }
  const reports: FileReport[] = [];
  let failed = 0;
  const files = filesOf(data);
  const shown = files.length > 1 ? progress('npm run import', files.length, { unit: 'files' }) : null;
  for (const path of files) {
    try {
      const r = await checkFile(path, format as DatasetFormat | undefined, argValue('--tokenizer') ?? QWEN_TOKENIZER_DIR);
      reports.push(r);
      console.log(
        `${r.file}: ${r.format}, ${r.traces} traces, ${r.steps} steps; channels: ${r.channels.join(', ') || 'none'}; ${r.skippedCount} lines skipped`,
      );
      for (const s of r.skipped.slice(0, 20)) console.log(`  ${r.file}:${s.line}: skipped: ${s.reason}`);
      if (r.skippedCount > 20) console.log(`  … and ${r.skippedCount - 20} more`);
    } catch (e) {
      failed++;
      console.error(`${basename(path)}: not read: ${errorText(e)}`);
    }
    shown?.tick();
  }
  shown?.done();
  const out = argValue('--json');
  if (out)
    writeFileSync(
      out,
      JSON.stringify(
        {
          traces: reports.reduce((n, r) => n + r.traces, 0),
          channels: [...new Set(reports.flatMap((r) => r.channels))],
          skipped: reports.flatMap((r) => r.skipped.map((s) => ({ file: r.file, line: s.line, reason: s.reason }))),
          files: reports.map(({ skipped, ...rest }) => ({ ...rest, skippedListed: skipped.length })),
        },
        null,
        2,
      ) + '\n',
    );
  return failed ? 1 : 0;
}

if (process.argv[1]?.endsWith('importCheck.ts')) process.exitCode = await main();
