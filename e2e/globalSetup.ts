/**
 * The e2e server serves .e2e-models/: the shipped models plus real broken folders, so every failure the page must
 * explain comes from a real file through the real server and worker.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../src/domain/random';
import { writeArithProcessBench } from './datasetFiles';

export const BROKEN = {
  truncated: 'broken-truncated-onnx',
  garbage: 'broken-garbage-onnx',
  noTokenizer: 'broken-no-tokenizer',
  tooLarge: 'broken-too-large',
  noExternalData: 'broken-no-external-data',
} as const;

export default function globalSetup(): void {
  writeArithProcessBench();
  const out = '.e2e-models';
  rmSync(out, { recursive: true, force: true });
  cpSync('models', out, { recursive: true });
  const onnx = readFileSync(join(out, 'tiny-random-qrm', 'onnx/model.onnx'));
  const copy = (id: string, from = 'tiny-random-qrm') => {
    cpSync(join(out, from), join(out, id), { recursive: true });
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
  // 5 GiB of weights as a sparse file: no disk used, and the page must refuse it from its size alone.
  truncateSync(join(copy(BROKEN.tooLarge, 'tiny-qwen2-prm'), 'onnx/model.onnx_data'), 5 * 1024 ** 3);
  rmSync(join(copy(BROKEN.noExternalData, 'tiny-qwen2-prm'), 'onnx/model.onnx_data'));
  mkdirSync(out, { recursive: true });
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8'));
  for (const id of Object.values(BROKEN))
    index.models.push({ id, name: id, role: 'reward', method: id.includes('external') || id.includes('large') ? 'cls-prm' : 'qrm' });
  writeFileSync(join(out, 'index.json'), JSON.stringify(index, null, 2));
}
