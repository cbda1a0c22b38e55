// The straightforward log-prob path, for `npm run bench`: transformers.js (its own onnxruntime-node) runs the full
// forward pass, every T×V logit comes back, and the log-softmax and gather happen in JS.
// Usage: node transformersLogprobs.mjs <models dir> <id> <sequences json file> <repeats>
import { readFileSync } from 'node:fs';
import { AutoModelForCausalLM, env, Tensor } from '@xenova/transformers';

const [dir, id, file, repeats] = process.argv.slice(2);
env.allowRemoteModels = false;
env.localModelPath = dir;
const t0 = performance.now();
const model = await AutoModelForCausalLM.from_pretrained(id, { model_file_name: 'model', quantized: false });
const loadMs = performance.now() - t0;
const sequences = JSON.parse(readFileSync(file, 'utf8'));

async function logprobs(ids) {
  const input_ids = new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
  const attention_mask = new Tensor('int64', BigInt64Array.from(ids.map(() => 1n)), [1, ids.length]);
  const { logits } = await model({ input_ids, attention_mask });
  const [, T, V] = logits.dims;
  const data = logits.data;
  const out = [];
  for (let t = 0; t + 1 < T; t++) {
    let max = -Infinity;
    for (let v = 0; v < V; v++) max = Math.max(max, data[t * V + v]);
    let sum = 0;
    for (let v = 0; v < V; v++) sum += Math.exp(data[t * V + v] - max);
    out.push(data[t * V + ids[t + 1]] - max - Math.log(sum));
  }
  return { out, bytes: data.byteLength };
}

await logprobs(sequences[0]);
const times = [];
let first = null;
let bytes = 0;
for (let r = 0; r < Number(repeats); r++) {
  const s = performance.now();
  const all = [];
  bytes = 0;
  for (const ids of sequences) {
    const { out, bytes: b } = await logprobs(ids);
    all.push(out);
    bytes += b;
  }
  times.push(performance.now() - s);
  first ??= all;
}
console.log(JSON.stringify({ loadMs, times, bytes, logprobs: first }));
