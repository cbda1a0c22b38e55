import { describe, expect, it } from 'vitest';
import type { Trace } from '../domain/trace';
import type { StepReview, WorkbenchCard } from '../model/modelCard';
import { makeArithTrace } from '../arith/traces';
import { openNodeModel } from './nodeModel';
import type { SampleOptions } from './generate';
import type { ScoringModel } from './scoringModel';
import type { LoadedTokenizer } from './tokenizer';
import { critique, critiqueBatch, sampleCritiques } from './critique';
import { DEFAULT_CAPO } from '../methods/capo';

// One token per character (code points), so what the critic reads can be checked as text.
const chars: LoadedTokenizer = {
  encode: (text) => [...text].map((c) => c.codePointAt(0) as number),
  decode: (ids) => String.fromCodePoint(...ids),
  spans: () => [],
  tokenString: (id) => String.fromCodePoint(id),
  id: () => null,
  bosId: null,
  eosId: null,
  unknownId: null,
};

const REVIEW: StepReview = { attempt: 'Try: ', given: 'Got: {text} ', stop: '\n', verdicts: ['ok', 'wrong'] };

/**
 * A scripted critic: its attempt is the step the arithmetic gives, its verdict compares the given line with its attempt,
 * and on `flip` draws it names a right step wrong. Records every call, so the prompts can be checked.
 */
function scriptedCritic(context = 4096, flip: (rand: number) => boolean = () => false) {
  const calls: { prompts: number[][]; options: SampleOptions }[] = [];
  const card = {
    name: 'Scripted',
    method: 'capo-critic',
    template: { prompt: '{problem}\n', response: '' },
    review: REVIEW,
  } as WorkbenchCard;
  const critic: ScoringModel = {
    parts: { card, tokenizer: chars },
    context,
    scalars: () => Promise.reject(new Error('not a reward model')),
    logprobs: () => Promise.reject(new Error('not asked')),
    generate: async (prompts, options) => {
      calls.push({ prompts, options });
      return prompts.map((p) => {
        const text = chars.decode(p);
        const lines = text.split('\n');
        const last = lines.at(-1) as string;
        if (last === 'Try: ') {
          const result = text.match(/Got: Step \d+: \d+ \S \d+ = (\d+)\. \w+\nTry: $/);
          return chars.encode(result ? `Answer: ${result[1]}` : 'Step 1: 2 + 2 = 4.');
        }
        const attempt = (lines.at(-2) as string).slice('Try: '.length);
        const given = last.slice('Got: '.length, -1);
        const wrong = given !== attempt || flip(options.rand());
        return chars.encode(wrong ? 'wrong' : 'ok');
      });
    },
  };
  return { critic, calls };
}

const trace = (response: string): Trace => {
  const lines = response.split('\n');
  let at = 0;
  const steps = lines.map((text) => {
    const step = { text, charStart: at, charEnd: at + text.length };
    at += text.length + 1;
    return step;
  });
  return { id: response, source: 'test', problem: 'Two plus two, then answer.', response, steps, meta: {} };
};

describe('step-by-step reviews (methods.md §4.3)', () => {
  it('writes the cues and the given steps, lets the critic write up to the stop, and reads its verdicts', async () => {
    const { critic, calls } = scriptedCritic();
    const [right, wrong] = await sampleCritiques(critic, [trace('Step 1: 2 + 2 = 4.\nAnswer: 4'), trace('Step 1: 2 + 2 = 5.\nAnswer: 5')], {
      n: 2,
      temperature: 1,
      seed: 3,
      maxTokens: 40,
    });
    expect(right.map((c) => c.wrongSteps)).toEqual([[], []]);
    expect(wrong.map((c) => c.wrongSteps)).toEqual([[0], [0]]);
    expect(wrong[0].text).toBe('Try: Step 1: 2 + 2 = 4.\nGot: Step 1: 2 + 2 = 5. wrong\nTry: Answer: 5\nGot: Answer: 5 ok\n');
    // The critic never sees the solution up front, and every part it writes ends at the stop token.
    expect(chars.decode(calls[0].prompts[0])).toBe('Two plus two, then answer.\nTry: ');
    expect(calls.every((c) => c.options.eos === '\n'.codePointAt(0))).toBe(true);
    expect(calls.map((c) => c.options.maxNew)).toEqual([40, 8, 40, 8]);
  });

  it('asks once for samples that have read the same tokens, and after they part each goes on its own', async () => {
    const { critic, calls } = scriptedCritic(4096, () => true);
    await sampleCritiques(critic, [trace('Step 1: 2 + 2 = 4.\nAnswer: 4')], { n: 3, temperature: 1, seed: 1, maxTokens: 40 });
    // The first prompt of the three samples is one shared array (a served engine asks for it with n = 3).
    expect(new Set(calls[0].prompts).size).toBe(1);
    expect(calls[0].prompts).toHaveLength(3);
    expect(new Set(calls.map((c) => c.options.seed)).size).toBe(calls.length);
  });

  it('a verdict that is neither word makes that review abstain, and the votes still come from the others', async () => {
    const { critic } = scriptedCritic();
    const base = critic.generate.bind(critic);
    let call = 0;
    critic.generate = async (prompts, options) => {
      const outs = await base(prompts, options);
      return call++ === 1 ? outs.map((o, i) => (i === 0 ? chars.encode('maybe') : o)) : outs;
    };
    const [reviews] = await sampleCritiques(critic, [trace('Step 1: 2 + 2 = 4.\nAnswer: 4')], {
      n: 2,
      temperature: 1,
      seed: 1,
      maxTokens: 40,
    });
    expect(reviews.map((r) => r.wrongSteps)).toEqual([null, []]);
  });

  it('cuts what the critic wrote at the stop when its tokenizer ran past it, and asks a served engine to stop there', async () => {
    const { critic, calls } = scriptedCritic();
    const base = critic.generate.bind(critic);
    // A BPE tokenizer may merge ".\n" into one token, so the sample runs on past the stop.
    critic.generate = async (prompts, options) => (await base(prompts, options)).map((o) => [...o, ...chars.encode('\nGot: junk')]);
    const [[review]] = await sampleCritiques(critic, [trace('Step 1: 2 + 2 = 4.')], { n: 1, temperature: 1, seed: 1, maxTokens: 40 });
    expect(review.text).toBe('Try: Step 1: 2 + 2 = 4.\nGot: Step 1: 2 + 2 = 4. ok\n');
    expect(review.wrongSteps).toEqual([]);
    expect(calls.every((c) => c.options.stop === '\n')).toBe(true);
  });

  it('stops a review that outgrows the context (it abstains) and fails only when none fits', async () => {
    const long = trace('Step 1: 2 + 2 = 4.\nAnswer: 4');
    const short = trace('Step 1: 2 + 2 = 4.');
    // 80 tokens hold the short trace's review (78) but not the long one's second step.
    const mixed = await sampleCritiques(scriptedCritic(80).critic, [short, long], { n: 1, temperature: 1, seed: 1, maxTokens: 40 });
    expect(mixed.map(([r]) => r.wrongSteps)).toEqual([[], null]);
    await expect(sampleCritiques(scriptedCritic(40).critic, [long], { n: 2, temperature: 1, seed: 1, maxTokens: 40 })).rejects.toThrow(
      /more than 40 tokens, the critic's context/,
    );
  });
});

describe('step-by-step reviews from the shipped critic', () => {
  it('gives a trace the same reviews whatever else is in the batch, as a served engine asked per prompt would', async () => {
    const critic = await openNodeModel('models', 'arith-critic');
    expect(critic.parts.card.review).toEqual(REVIEW);
    const [a, b] = [makeArithTrace(101, 'arithmetic-slip'), makeArithTrace(103, 'copied-wrong-number')];
    const options = { n: 3, temperature: 1, seed: 11, maxTokens: 30 };
    const [alone] = await sampleCritiques(critic, [a], options);
    const [together] = await sampleCritiques(critic, [b, a], options).then((r) => [r[1]]);
    expect(together.map((c) => c.text)).toEqual(alone.map((c) => c.text));
    // Three samples of one trace are not one sample three times.
    expect(new Set(alone.map((c) => c.text)).size).toBeGreaterThan(1);
  });
  it('votes a batch of traces as it votes each alone: the same critiques, votes and token rewards', async () => {
    const critic = await openNodeModel('models', 'arith-critic');
    const traces = [makeArithTrace(105, 'wrong-operation'), makeArithTrace(107, 'arithmetic-slip'), makeArithTrace(109, 'skipped-step')];
    const options = { n: 4, temperature: 1, seed: 3, maxTokens: 30 };
    const batch = await critiqueBatch(critic, traces, options, DEFAULT_CAPO, 'node');
    expect(batch).toHaveLength(3);
    for (const [i, trace] of traces.entries()) {
      const alone = await critique(critic, trace, options, DEFAULT_CAPO, 'node');
      expect(batch[i].capo).toEqual(alone.capo);
      expect(batch[i].tokenScores).toEqual(alone.tokenScores);
    }
  });
});
