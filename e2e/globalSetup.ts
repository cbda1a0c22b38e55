/**
 * The e2e server serves .e2e-models/: the shipped models plus real broken folders, so every failure the page must
 * explain comes from a real file through the real server and worker.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../src/domain/random';
import { writeArithProcessBench } from './datasetFiles';

export const BROKEN = {
  truncated: 'broken-truncated-onnx',
  garbage: 'broken-garbage-onnx',
  noTokenizer: 'broken-no-tokenizer',
} as const;

export default function globalSetup(): void {
  writeArithProcessBench();
  const out = '.e2e-models';
  rmSync(out, { recursive: true, force: true });
  cpSync('models', out, { recursive: true });
  const source = join(out, 'tiny-random-qrm');
  const onnx = readFileSync(join(source, 'onnx/model.onnx'));
  const copy = (id: string) => {
    cpSync(source, join(out, id), { recursive: true });
    const card = JSON.parse(readFileSync(join(out, id, 'workbench.json'), 'utf8'));
    writeFileSync(join(out, id, 'workbench.json'), JSON.stringify({ ...card, id, name: id }));
    return join(out, id);
  };
  writeFileSync(join(copy(BROKEN.truncated), 'onnx/model.onnx'), onnx.subarray(0, Math.floor(onnx.length / 2)));
  const rand = seededRandom(9);
  writeFileSync(
    join(copy(BROKEN.garbage), 'onnx/model.onnx'),
    Uint8Array.from({ length: 4096 }, () => Math.floor(rand() * 256)),
  );
  rmSync(join(copy(BROKEN.noTokenizer), 'tokenizer.json'));
  mkdirSync(out, { recursive: true });
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
  for (const id of Object.values(BROKEN)) index.models.push({ id, name: id, role: 'reward', method: 'qrm' });
  writeFileSync(join(out, 'index.json'), JSON.stringify(index, null, 2));
}
