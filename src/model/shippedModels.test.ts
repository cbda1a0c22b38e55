import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { parseModelIndex, parseWorkbenchCard } from './modelCard';
import { forward } from './forward';
import { charVocab, parseHfConfig } from './hfFiles';
import { charTokenizer } from './charTokenizer';
import { complete, int64, lmSession } from '../train/ortGenerate';
import { readOnnxWeights } from './onnxWeights';

const root = join(import.meta.dirname, '../..');
const list = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? list(join(dir, e.name)) : [join(dir, e.name)]));

describe('shipped models', () => {
  it('are listed in models/index.json with a valid workbench.json each', () => {
    const index = parseModelIndex(JSON.parse(readFileSync(join(root, 'models/index.json'), 'utf8')));
    expect(index.models.length).toBeGreaterThan(0);
    for (const entry of index.models) {
      const card = parseWorkbenchCard(JSON.parse(readFileSync(join(root, 'models', entry.id, 'workbench.json'), 'utf8')));
      expect(card.id).toBe(entry.id);
    }
  });

  it('are reproduced byte for byte by `npm run make-models`', () => {
    const out = mkdtempSync(join(tmpdir(), 'creditlens-models-'));
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/makeRandomModels.ts'), '--out', out], { cwd: root });
    // make-models writes the untrained models; the trained ones come from models:train.
    const shipped = list(join(root, 'models'))
      .map((f) => relative(join(root, 'models'), f))
      .filter((f) => f.startsWith('tiny-'))
      .sort();
    expect(
      list(out)
        .map((f) => relative(out, f))
        .filter((f) => f !== 'index.json')
        .sort(),
    ).toEqual(shipped);
    for (const f of shipped) expect(readFileSync(join(out, f)).equals(readFileSync(join(root, 'models', f))), f).toBe(true);
  });
});

describe('every shipped GPT-2-style model folder', () => {
  const index = parseModelIndex(JSON.parse(readFileSync(join(root, 'models/index.json'), 'utf8')));
  const text = 'Mia has 12 coins. (1) They get 7 more. How many coins now?\nStep 1: 12 + 7 = 19.\nAnswer: 19';
  // Every shipped vocabulary starts with the same characters (added tags go at the end).
  const ids = [0, ...charTokenizer(charVocab()).encode(text)];

  // The Qwen2-style folders are checked against the decoder's own forward pass in runtime/qwenPrm.test.ts.
  const gpt2 = index.models.filter(
    (m) => JSON.parse(readFileSync(join(root, 'models', m.id, 'config.json'), 'utf8')).model_type !== 'qwen2',
  );
  it.each(gpt2.map((m) => m.id))(
    '%s: ONNX in onnxruntime-node matches the TS forward pass within 1e-5 of the output scale, file < 5 MB',
    async (id) => {
      const folder = join(root, 'models', id);
      const cfg = parseHfConfig(JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')));
      const bytes = readFileSync(join(folder, 'onnx/model.onnx'));
      expect(bytes.length).toBeLessThan(5 * 1024 * 1024);
      const ts = forward(cfg, readOnnxWeights(bytes, cfg), { inputIds: [ids] }).data;
      const session = await ort.InferenceSession.create(bytes);
      const feeds: Record<string, ort.Tensor> = {
        input_ids: int64([ids]),
        attention_mask: int64([ids.map(() => 1)]),
        position_ids: int64([ids.map((_, i) => i)]),
      };
      for (const name of session.inputNames)
        if (name.startsWith('past_key_values.'))
          feeds[name] = new ort.Tensor('float32', new Float32Array(0), [1, cfg.nHead, 0, cfg.nEmbd / cfg.nHead]);
      if (cfg.head === 'lm') expect(session.inputNames).toContain('past_key_values.0.key');
      const onnx = (await session.run(feeds)).logits.data as Float32Array;
      expect(onnx.length).toBe(ts.length);
      // Within 1e-5 of the output's scale: trained LM logits reach tens, where one float32 ulp is already ~2e-6.
      const scale = Math.max(1, ...Array.from(ts, Math.abs));
      let worst = 0;
      for (let i = 0; i < ts.length; i++) worst = Math.max(worst, Math.abs(ts[i] - onnx[i]));
      expect(worst / scale).toBeLessThan(1e-5);
    },
  );
});

describe('shipped LM folders under standard tooling', () => {
  const index = parseModelIndex(JSON.parse(readFileSync(join(root, 'models/index.json'), 'utf8')));
  const lms = index.models.filter((m) => m.role !== 'reward').map((m) => m.id);

  it.each(lms)('%s: transformers.js loads the folder and generates with the KV cache, token for token like our sampler', async (id) => {
    const folder = join(root, 'models', id);
    const cfg = parseHfConfig(JSON.parse(readFileSync(join(folder, 'config.json'), 'utf8')));
    const tok = charTokenizer(charVocab());
    const ids = [0, ...tok.encode('Mia has 12 coins. (1) They get 7 more. How many coins now?\n')];
    const script = join(root, 'src/testing/transformersGenerate.mjs');
    const theirs = JSON.parse(
      execFileSync(process.execPath, [script, join(root, 'models') + '/', id, JSON.stringify(ids), '24'], { encoding: 'utf8' }),
    ) as number[];
    const session = await lmSession(readFileSync(join(folder, 'onnx/model.onnx')));
    const [ours] = await complete(session, cfg, [ids], { temperature: 0, maxNew: 24, eos: -1, rand: Math.random });
    expect(theirs.length).toBeGreaterThan(0);
    expect(theirs).toEqual(ours.slice(0, theirs.length));
  });
});
