/** The page's side of converting a checkpoint folder: one worker per folder, ended when it answers. */
import { askOnce } from './oneShotWorker';

/** Converting holds every weight as float32 beside the ONNX copy: about four times a BF16 checkpoint's size. */
export const MAX_CHECKPOINT_BYTES = 512 * 1024 ** 2;

export const isCheckpointFolder = (paths: readonly string[]): boolean =>
  paths.includes('config.json') && (paths.includes('model.safetensors') || paths.includes('model.safetensors.index.json'));

export function convertInWorker(files: readonly [string, Blob][], name: string): Promise<[string, Uint8Array][]> {
  const weights = files.filter(([p]) => p.endsWith('.safetensors')).reduce((n, [, b]) => n + b.size, 0);
  if (weights > MAX_CHECKPOINT_BYTES)
    return Promise.reject(
      new Error(
        `${name} holds ${(weights / 1024 ** 3).toFixed(2)} GB of safetensors; converting it in the page needs about four times that in memory. Run \`npm run convert -- ${name}\` and open the folder it writes`,
      ),
    );
  return askOnce(
    new Worker(new URL('./convertWorker.ts', import.meta.url), { type: 'module', name: 'creditlens-convert' }),
    files,
    (reason) => `the conversion stopped: its worker crashed (${reason}); the checkpoint may be too large for this browser`,
  );
}
