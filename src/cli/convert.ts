/**
 * Converts a Hugging Face checkpoint folder (config.json, *.safetensors in F32, F16 or BF16, sharded or not, and the
 * tokenizer files) into a CreditLens model folder: onnx/model.onnx with its weights in onnx/model.onnx_data.
 * Usage: npm run convert -- <checkpoint folder> [--out <folder>]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { convertCheckpoint } from '../model/decoder/checkpoint';
import { decoderParameterCount } from '../model/decoder/config';
import { writeModelFolder } from '../model/modelFolder';
import { argValue } from './args';
import { progress } from './progress';

const folder = process.argv.slice(2).find((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--out');
if (!folder) {
  console.error('Usage: npm run convert -- <checkpoint folder> [--out <folder>]');
  process.exit(2);
}
const out = resolve(argValue('--out') ?? `${folder.replace(/\/+$/, '')}-onnx`);
const t0 = performance.now();
try {
  // Reading the weights is most of the time for a large checkpoint: progress counts the megabytes of its shards.
  const mb = (path: string) => statSync(join(folder, path)).size / 2 ** 20;
  const shards = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.safetensors')) : [];
  const reading = progress(
    'reading the weights',
    shards.reduce((n, f) => n + mb(f), 0),
    { unit: 'MB' },
  );
  const { files, config } = convertCheckpoint((path) => {
    if (!existsSync(join(folder, path))) return null;
    const bytes = new Uint8Array(readFileSync(join(folder, path)));
    if (path.endsWith('.safetensors')) reading.tick(bytes.length / 2 ** 20);
    return bytes;
  });
  reading.done();
  const bytes = writeModelFolder(dirname(out), basename(out), files);
  const head = config.scoreLabels ? `a ${config.scoreLabels}-label head on every token` : 'its LM head';
  console.log(
    `wrote ${out}: ${config.family}, ${(decoderParameterCount(config) / 1e6).toFixed(1)}M parameters, ${head}, ` +
      `${(bytes / 1024 ** 2).toFixed(1)} MB of ONNX and external data in ${((performance.now() - t0) / 1000).toFixed(1)} s.`,
  );
  if (!files['tokenizer.json']) console.log('The checkpoint has no tokenizer.json: copy it into the folder before you open it.');
  if (!files['workbench.json'])
    console.log('Open the folder in the page (Models → Open a model folder) and pick its head in the form, or write workbench.json.');
} catch (e) {
  console.error(`${folder} could not be converted: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
