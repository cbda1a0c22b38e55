// Greedy generation by transformers.js (its own onnxruntime-node), run as a plain Node child process by the tests:
// the "standard tooling" check for shipped LM folders. Usage: node transformersGenerate.mjs <models dir> <id> <ids json> <n>
import { AutoModelForCausalLM, env, Tensor } from '@xenova/transformers';

const [dir, id, idsJson, maxNew] = process.argv.slice(2);
env.allowRemoteModels = false;
env.localModelPath = dir;
const model = await AutoModelForCausalLM.from_pretrained(id, { model_file_name: 'model', quantized: false });
const ids = JSON.parse(idsJson);
const input = new Tensor('int64', BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
const out = await model.generate(input, { max_new_tokens: Number(maxNew), do_sample: false });
console.log(JSON.stringify(Array.from(out[0], Number).slice(ids.length)));
