import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkbenchFailure } from '../domain/errors';
import { browserBudget, checkExternalData, checkModelFile, type LoadBudget } from './loadBudget';
import { externalDataLocations } from '../model/externalData';
import type { ModelSource } from './modelSource';

const onnx = new Uint8Array(readFileSync('models/tiny-qwen2-prm/onnx/model.onnx'));
/** The shipped graph's own size and the data file it names. */
const graph = [onnx.length, externalDataLocations(onnx)] as const;
/** A folder whose files have these sizes and cannot be read: the checks must not need the bytes. */
const folder = (sizes: Record<string, number>): ModelSource => ({
  id: 'big',
  label: 'models/big',
  read: () => Promise.reject(new Error('read before the check')),
  size: async (path) => sizes[path] ?? null,
});
const budget: LoadBudget = { backend: 'WASM', maxFileBytes: 2_000_000, maxTotalBytes: 1_500_000 };
const refusal = async (check: Promise<void>) => {
  const e = await check.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(WorkbenchFailure);
  return (e as WorkbenchFailure).detail;
};

describe('the load budget', () => {
  it('refuses a file larger than one ArrayBuffer, naming it, its size and what to do, without reading it', async () => {
    const detail = await refusal(checkModelFile(folder({ 'onnx/model.onnx': 2_500_000 }), budget));
    expect(detail.code).toBe('model-too-large');
    expect(detail.message).toBe('models/big/onnx/model.onnx is 2.4 MB; this browser holds at most 1.9 MB in one file.');
    expect(detail.hint).toContain('external data');
    const data = await refusal(checkExternalData(folder({ 'onnx/model.onnx_data': 5 * 1024 ** 3 }), ...graph, browserBudget('WASM')));
    expect(data.message).toContain('models/big/onnx/model.onnx_data is 5.00 GB');
    expect(data.hint).toContain('chunks under 2 GB');
  });

  it('refuses files that add up to more than the backend can hold, and passes a model that fits', async () => {
    const detail = await refusal(checkExternalData(folder({ 'onnx/model.onnx_data': 1_900_000 }), ...graph, budget));
    expect(detail.message).toMatch(/^models\/big is 1\.8 MB of weights; WASM in this browser can load at most 1\.4 MB/);
    await expect(checkExternalData(folder({ 'onnx/model.onnx_data': 1_000_000 }), ...graph, budget)).resolves.toBeUndefined();
    await expect(checkModelFile(folder({ 'onnx/model.onnx': 1_000_000 }), budget)).resolves.toBeUndefined();
    // A size the source cannot tell (a server without Content-Length) is not refused here; reading goes on.
    await expect(checkModelFile(folder({}), budget)).resolves.toBeUndefined();
  });
});
