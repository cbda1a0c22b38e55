/** What the page needs to know about served models before any worker starts (no tokenizer, no ORT: main-thread safe). */

/**
 * How a served reward model is asked for its values: `/pooling` rows, one `/classify` score for the whole input, or
 * one `/classify` score per prefix the card reads (an ORM scored at every step prefix, one request per trace).
 */
export type EngineRead = 'pooling' | 'classify' | 'classify-prefixes';

/** The read a head preset needs from an engine. */
export const engineReadOf = (preset: string): EngineRead =>
  preset === 'sequence-score' ? 'classify' : preset === 'orm-step-prefixes' ? 'classify-prefixes' : 'pooling';

/** The path under which `npm run serve` hands out a model's workbench.json and tokenizer files. */
export const CARD_FILES_PATH = '/creditlens/models';
