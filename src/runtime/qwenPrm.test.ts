/**
 * The shipped `tiny-qwen2-prm` (random weights, the real Qwen2.5 tokenizer, a value head, its weights in external
 * data): it opens from its folder, its step scores are the TS forward pass's, and it reads whole the texts that the
 * arithmetic models' character vocabulary refused (→, 🎨, no-break spaces, long solutions).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../domain/trace';
import { importText } from '../io/importDataset';
import { sigmoid } from '../methods/numeric';
import { parseDecoderConfig } from '../model/decoder/config';
import { decoderForward } from '../model/decoder/forward';
import { QWEN_TOKENIZER_DIR } from '../model/decoder/folder';
import { externalDataLocations, inlineExternalData } from '../model/externalData';
import { onnx } from '../model/onnxGraph';
import { hasShared, SHARED } from '../testing/fixtures';
import { openNodeModel } from './nodeModel';
import { scoreTraces } from './scoring';
import { stepTokenRanges } from '../domain/stepTokens';
import { splitLines } from '../domain/steps';

const ID = 'tiny-qwen2-prm';
const folder = join('models', ID);
const runnerAsked = openNodeModel('models', ID);

/** The model's weights by name, read back from model.onnx and its data file. */
function checkpoint() {
  const bytes = readFileSync(join(folder, 'onnx/model.onnx'));
  const inline = inlineExternalData(bytes, { 'model.onnx_data': readFileSync(join(folder, 'onnx/model.onnx_data')) });
  const weights: Record<string, { shape: number[]; data: Float32Array }> = {};
  for (const t of onnx.ModelProto.decode(inline).graph?.initializer ?? []) {
    const raw = t.rawData;
    if (!t.name || !raw || t.dataType !== onnx.TensorProto.DataType.FLOAT) continue;
    weights[t.name] = {
      shape: (t.dims ?? []).map(Number),
      data: new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength)),
    };
  }
  return weights;
}

describe('the shipped Qwen2-style PRM', () => {
  it('keeps its weights in external data, and the whole folder with the real tokenizer under 8 MB', () => {
    const model = readFileSync(join(folder, 'onnx/model.onnx'));
    expect(externalDataLocations(model)).toEqual(['model.onnx_data']);
    expect(model.length).toBeLessThan(64 * 1024);
    const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((f) => join(folder, f));
    const bytes = files.filter((f) => statSync(f).isFile()).reduce((sum, f) => sum + statSync(f).size, 0);
    expect(bytes).toBeLessThan(8 * 1024 * 1024);
    const shipped: unknown = JSON.parse(readFileSync(join(folder, 'tokenizer.json'), 'utf8'));
    expect(shipped).toEqual(JSON.parse(readFileSync(join(QWEN_TOKENIZER_DIR, 'tokenizer.json'), 'utf8')));
  });

  it('gives each step the sigmoid of the TS forward pass’s value at the step’s last token', async () => {
    const runner = await runnerAsked;
    const response = 'Janet’s ducks lay 16 eggs.\n\n16 − 3 = 13 → 13\u00a0eggs 🎨\n\nThe answer is $\\boxed{13}$.';
    const trace: Trace = { id: 't', source: 'test', problem: 'How many eggs?', response, steps: splitLines(response), meta: {} };
    const [run] = await scoreTraces(runner, [trace], 'node');
    expect(run.method).toBe('cls-prm');
    expect(run.unknownChars).toBeUndefined();
    const config = parseDecoderConfig(JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')));
    expect(config.scoreLabels).toBe(1);
    const tok = runner.parts.tokenizer;
    const prompt = tok.encode(`${trace.problem}\n`);
    const ids = [...prompt, ...tok.encode(response)];
    const values = decoderForward(config, checkpoint(), { inputIds: [ids] }).data;
    const want = stepTokenRanges(trace.steps, run.tokens).map(({ end }) => sigmoid(values[prompt.length + end - 1]));
    expect(run.stepScores).toHaveLength(3);
    run.stepScores?.forEach((p, k) => expect(Math.abs(p - want[k]), `step ${k + 1}`).toBeLessThan(1e-4));
  });

  it.runIf(hasShared)('scores whole the ProcessBench and Q-RM pair texts the character models refused, and the longest', async () => {
    const runner = await runnerAsked;
    expect(runner.context).toBeGreaterThanOrEqual(2048);
    const pb = await importText('pb.json', readFileSync(join(SHARED, 'data/processbench-gsm8k.json'), 'utf8'));
    const pairs = await importText('pairs.jsonl', readFileSync(join(SHARED, 'data/qrm-gsm8k-pairwise-300.jsonl'), 'utf8'));
    const traces = [...pb.items, ...pairs.items].flatMap((item) =>
      item.kind === 'trace' ? [item.trace] : [item.pair.chosen, item.pair.rejected],
    );
    const text = (t: Trace) => `${t.problem}\n${t.response}`;
    const refused = traces.filter((t) => /[→🎨\u00a0]/u.test(text(t)));
    const longest = [...traces].sort((a, b) => b.response.length - a.response.length).slice(0, 5);
    for (const ch of ['→', '🎨', '\u00a0'])
      expect(
        refused.some((t) => text(t).includes(ch)),
        ch,
      ).toBe(true);
    const chosen = [...refused, ...longest];
    const runs = await scoreTraces(runner, chosen, 'node');
    runs.forEach((run, i) => {
      const t = chosen[i];
      expect(run.unknownChars, t.id).toBeUndefined();
      expect(run.tokens.map((s) => t.response.slice(s.charStart, s.charEnd)).join(''), t.id).toBe(t.response);
      expect(run.stepScores, t.id).toHaveLength(t.steps.length);
      expect(run.stepScores?.every(Number.isFinite), t.id).toBe(true);
    });
  });
});
