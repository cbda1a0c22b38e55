import { describe, expect, it } from 'vitest';
import { convertInWorker, isCheckpointFolder, MAX_CHECKPOINT_BYTES } from './convertInWorker';

describe('converting a checkpoint in the page', () => {
  it('knows a checkpoint folder by config.json and its safetensors (one file or an index)', () => {
    expect(isCheckpointFolder(['config.json', 'model.safetensors', 'tokenizer.json'])).toBe(true);
    expect(isCheckpointFolder(['config.json', 'model.safetensors.index.json', 'model-00001-of-00002.safetensors'])).toBe(true);
    expect(isCheckpointFolder(['config.json', 'onnx/model.onnx'])).toBe(false);
    expect(isCheckpointFolder(['model.safetensors'])).toBe(false);
  });

  it('refuses a checkpoint too large to convert in a tab, before a worker starts, and says what to run instead', async () => {
    // Only the sizes are read before the refusal: stand-ins for large files are enough.
    const big = { size: MAX_CHECKPOINT_BYTES / 2 + 1 } as Blob;
    await expect(
      convertInWorker(
        [
          ['config.json', new Blob(['{}'])],
          ['model-00001-of-00002.safetensors', big],
          ['model-00002-of-00002.safetensors', big],
        ],
        'my-7b',
      ),
    ).rejects.toThrow(/my-7b holds 0\.50 GB of safetensors; .*Run `npm run convert -- my-7b`/);
  });
});
