/**
 * The Teach view's lessons: from one reward for the whole answer to token-level credit and critic votes. Each has a
 * goal, a few short sentences (every term explained where it first appears), a live widget, a "try this" prompt and a
 * check question. Questions whose answer depends on a model's output get their right option from the live numbers.
 */
export type WidgetKind = 'orm' | 'prm' | 'qrm' | 'pqm' | 'capo' | 'advantage' | 'lab';

/**
 * The gallery trace each model lesson starts from (by mistake kind): lesson 3 pairs the copied-wrong-number trace
 * (rejected) with its problem's gold solution (chosen); lesson 5's critics review the wrong operation.
 */
export const LESSON_TRACE_KINDS = {
  orm: 'recovered',
  prm: 'arithmetic-slip',
  qrm: 'copied-wrong-number',
  capo: 'wrong-operation',
} as const;

export interface CheckQuestion {
  prompt: string;
  options: string[];
  /** The right option's index, or every right one's when several are equally right (tied scores, votes that agree). */
  answer: number | readonly number[];
  why: string;
}

export interface Lesson {
  id: string;
  title: string;
  goal: string;
  text: string[];
  widget: WidgetKind;
  tryThis: string;
  check: CheckQuestion;
}

export const LESSONS: Lesson[] = [
  {
    id: 'orm',
    title: '1. One number for the whole answer (ORM)',
    goal: 'See why one reward for a whole answer cannot tell good steps from bad ones.',
    text: [
      'A reward model is a network that reads an answer and gives it a score: high for good, low for bad.',
      'An outcome reward model (ORM) gives one score for the whole answer. Every token, that is every piece of text the model reads (here, every character), gets the same credit.',
      'This answer reaches the right result by luck: a wrong step is followed by a second mistake that cancels it. The verifier, a program that checks each step, marks the wrong steps with a wavy line.',
    ],
    widget: 'orm',
    tryThis:
      'Fix the wrong step in the text box, so that every step is right. Does the colour of the wrong step change on its own, or does the whole answer change together?',
    check: {
      prompt: 'Under an ORM, how much credit does the wrong step get compared with the right steps?',
      options: ['Less than the right steps', 'The same as every other token', 'More than the right steps'],
      answer: 1,
      why: 'An ORM scores the answer once and spreads that one number over every token, so a lucky wrong step is rewarded like the rest.',
    },
  },
  {
    id: 'prm',
    title: '2. Steps (classification PRM)',
    goal: 'Find where an error starts by scoring every step.',
    text: [
      'A process reward model (PRM) scores each step instead of the whole answer.',
      'This one is a classifier: for every step it gives the probability, a number from 0 to 1, that the step is right.',
      'The first step it scores below 0.5 is its guess for where the error starts. The dashed outline shows where it really starts.',
    ],
    widget: 'prm',
    tryThis: 'Change a number in an earlier step so that it becomes wrong. Watch which step the PRM now scores lowest.',
    check: {
      prompt: 'Which step does this PRM score lowest right now?',
      options: [],
      answer: 0,
      why: 'Read the step scores under the row: the smallest one is the PRM’s strongest doubt.',
    },
  },
  {
    id: 'qrm',
    title: '3. Tokens (Q-RM)',
    goal: 'See credit on single tokens, learned only from pairs of a better and a worse answer.',
    text: [
      'Q-RM (a Q-value reward model) never sees which step is wrong. It is trained on preference pairs: two answers to one problem, where one (chosen) is better than the other (rejected).',
      'From those pairs alone it learns a score Z for every token. The credit of a token is how much it helped the answer win.',
      'Both answers below share one colour scale: red is less credit, blue is more. Look for the tokens where the rejected answer goes wrong.',
    ],
    widget: 'qrm',
    tryThis: 'Copy the wrong number of the rejected answer into the chosen one. Does its credit drop there?',
    check: {
      prompt: 'Which answer does Q-RM prefer on this pair right now (the higher total score)?',
      options: ['The chosen answer', 'The rejected answer'],
      answer: 0,
      why: 'The pair’s scores are printed above the rows; the model prefers the higher one. Edit the answers and it can change its mind.',
    },
  },
  {
    id: 'pqm',
    title: '4. Ranking steps (PQM)',
    goal: 'See how a comparative loss makes Q rise through right steps and drop after a mistake.',
    text: [
      'PQM gives every step a value Q: how likely the answer is to end well from there.',
      'It is trained with a comparative loss, a penalty that is small when the right steps are ranked above the wrong ones. The margin ζ (zeta) says by how much the wrong steps must fall below.',
      'The bars show four toy Q values; step 3 is the first wrong one. The arrows show which way training pushes each Q.',
    ],
    widget: 'pqm',
    tryThis: 'Move the ζ slider from 0 to 8. Which bars does training push hardest, and how does the loss change?',
    check: {
      prompt: 'Which way does training push the Q of the wrong steps?',
      options: ['Up', 'Down', 'It leaves them alone'],
      answer: 1,
      why: 'Lowering the wrong steps’ Q lowers the loss, so training pushes them down, and harder as ζ grows.',
    },
  },
  {
    id: 'capo',
    title: '5. A critic that writes (CAPO)',
    goal: 'See how votes over many critiques beat the noise of one.',
    text: [
      'CAPO, a method from a recent paper, asks a critic, a language model, to write a critique of the answer that ends with the list of wrong steps.',
      'One critique can be wrong. So the critic writes N of them, and they vote: the union marks a step if at least one critique does, the intersection only if all do, and the majority if more than half do.',
      'The oracle critic here knows the truth but flips each step’s verdict with a chance you set (the noise), like a careless reader. You can also ask the real critic model, arith-critic, for N critiques: it reads the answer one step at a time, writes each step as it should read, and says “ok” or “wrong” about the step as written.',
    ],
    widget: 'capo',
    tryThis:
      'Set the noise to 0.3 and raise N from 1 to 16. Which vote settles on the true wrong step, and which keeps adding false alarms?',
    check: {
      prompt: 'In the last row of the table (all N critiques), which vote names the true first wrong step first?',
      options: ['Union', 'Intersection', 'Majority', 'None of them'],
      // The right option comes from the live votes (ui/teach/MathWidgets.tsx); this is the oracle's usual answer.
      answer: 2,
      why: 'Read it off the last row. With the oracle’s noise, each critique adds false alarms (bad for the union) and misses real errors (bad for the intersection); more than half of many critiques is rarely wrong. A critic that misses the mistake in most critiques leaves every vote wrong, however large N is; one that finds it more often than not gets the majority right more often as N grows.',
    },
  },
  {
    id: 'advantage',
    title: '6. Why it matters for learning',
    goal: 'See which tokens each method would push up or down when the policy learns.',
    text: [
      'The policy is the model that writes the answers. It learns from an advantage on every token: positive means "do this more", negative means "do this less".',
      'GRPO (group relative policy optimisation) compares whole answers in a group: every token of an answer gets the same advantage. CAPO and Q-RM give each token its own.',
      'Here are four answers to one problem. The third reaches the right result through two wrong steps.',
    ],
    widget: 'advantage',
    tryThis: 'Compare the third answer’s rows. Which method still rewards its wrong steps as much as its right ones?',
    check: {
      prompt: 'Which method gives the wrong steps of the lucky third answer the same push as its right steps?',
      options: ['GRPO', 'CAPO', 'Q-RM'],
      answer: 0,
      why: 'GRPO sees only the final result, which is right, so every token of that answer is pushed up equally.',
    },
  },
  {
    id: 'lab',
    title: '7. Does finer credit learn faster?',
    goal: 'Train the same policy twice, once with outcome-only credit and once with token credit, and compare how fast each learns.',
    text: [
      'Training the policy means changing its weights a little after every batch of answers, so that tokens with a positive advantage become more likely.',
      'Runs with the same seed start from the same early checkpoint, see the same problems in the same order and take the same number of steps. Only the credit differs: GRPO gives every token of an answer the same advantage, Q-RM gives each token its own. Each credit runs with several seeds (3 by default), because one seed’s answer can flip with the next.',
      'After every update the policy answers problems it never trained on. The share it gets right is its held-out accuracy, and the chart draws it as the runs go.',
    ],
    widget: 'lab',
    tryThis:
      'Watch the curves. Does the Q-RM runs’ mean climb sooner? Set Seeds to 1 and train with seed 1, then with seed 2: does the order hold? With 3 seeds, is the gap larger than the spread?',
    check: {
      prompt:
        'Over your seeds, after the same number of updates, which credit gives the higher mean held-out accuracy, by more than the spread between seeds?',
      options: ['Q-RM token credit', 'Outcome-only credit (GRPO)', 'Neither: the difference is within the spread'],
      // The right option comes from the live runs (ui/teach/LabWidget.tsx); with short runs it is usually this one.
      answer: 2,
      why: 'The answer is read from your own runs at the last update all of them have reached: the means over seeds, and whether their difference is larger than two standard errors of it. With short runs and few held-out problems the gap is often within the noise: one problem is several points. A longer comparison on the same models (4 seeds, 60 updates, 256 held-out problems; the README has its table) found the same: Q-RM reached the target in 9 updates and ended at 0.543, outcome-only took 15 and ended at 0.521, but the seed-to-seed spread was as large as the gap.',
    },
  },
];
