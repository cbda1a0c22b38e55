/**
 * JSON records from a stream of text chunks, without holding the whole file as one string: a top-level JSON array
 * is cut into its elements as they arrive, anything else is read as JSON lines. Each record carries its 1-based
 * line (JSON lines) or item number (array), and a record that does not parse carries the reason instead.
 */
export type RawRecord = { line: number; value: unknown } | { line: number; error: string };

const parse = (text: string, line: number): RawRecord => {
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { line, error: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
};

/** The longest record read; a longer line or array item is reported and skipped, so one bad line cannot hold the file. */
export const MAX_RECORD_CHARS = 8 * 2 ** 20;

function tooLong(line: number): RawRecord {
  return {
    line,
    error: `longer than ${MAX_RECORD_CHARS / 2 ** 20} MB of text, so it was skipped (is the file JSON lines, one record per line?)`,
  };
}

/** Cuts a JSON array's elements out of its text as chunks arrive. */
class ArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private element = '';
  private skipping = false;
  private item = 0;
  ended = false;

  push(chunk: string, out: RawRecord[]): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === '\\') this.escaped = true;
        else if (c === '"') this.inString = false;
        continue;
      }
      if (c === '"') this.inString = true;
      else if (c === '[' || c === '{') {
        this.depth++;
        if (this.depth === 1) start = i + 1;
      } else if (c === ']' || c === '}') {
        this.depth--;
        if (this.depth === 0) {
          this.flush(chunk.slice(start, i), out);
          this.ended = true;
          return;
        }
      } else if (c === ',' && this.depth === 1) {
        this.flush(chunk.slice(start, i), out);
        start = i + 1;
      }
    }
    if (this.depth >= 1 && !this.skipping) this.element += chunk.slice(start);
    if (this.element.length > MAX_RECORD_CHARS) {
      this.element = '';
      this.skipping = true;
    }
  }

  private flush(tail: string, out: RawRecord[]): void {
    if (this.skipping || this.element.length + tail.length > MAX_RECORD_CHARS) {
      this.skipping = false;
      this.element = '';
      out.push(tooLong(++this.item));
      return;
    }
    const text = (this.element + tail).trim();
    this.element = '';
    if (!text && this.item === 0) return;
    this.item++;
    out.push(text ? parse(text, this.item) : { line: this.item, error: 'an empty array item' });
  }

  finish(out: RawRecord[]): void {
    if (!this.ended) out.push({ line: this.item + 1, error: 'the JSON array ends early (the file looks cut off)' });
  }
}

export async function* jsonRecords(chunks: AsyncIterable<string>): AsyncGenerator<RawRecord> {
  let mode: 'unknown' | 'array' | 'lines' = 'unknown';
  const splitter = new ArraySplitter();
  // A line's text so far, held in pieces: `pending` never holds a newline, so each chunk is searched once.
  let pending: string[] = [];
  let pendingChars = 0;
  let skipping = false;
  let line = 0;
  const finishLine = (tail: string, out: RawRecord[]) => {
    line++;
    if (skipping || pendingChars + tail.length > MAX_RECORD_CHARS) out.push(tooLong(line));
    else {
      const raw = (pending.join('') + tail).trim();
      if (raw) out.push(parse(raw, line));
    }
    pending = [];
    pendingChars = 0;
    skipping = false;
  };
  for await (const chunk of chunks) {
    const out: RawRecord[] = [];
    if (mode === 'unknown') {
      const first = chunk.trimStart()[0];
      if (first === undefined) continue;
      mode = first === '[' ? 'array' : 'lines';
    }
    if (mode === 'array') {
      if (!splitter.ended) splitter.push(chunk, out);
    } else {
      let at = 0;
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', at)) {
        finishLine(chunk.slice(at, nl), out);
        at = nl + 1;
      }
      const rest = chunk.slice(at);
      if (!skipping && pendingChars + rest.length > MAX_RECORD_CHARS) {
        skipping = true;
        pending = [];
      }
      if (!skipping && rest) {
        pending.push(rest);
        pendingChars += rest.length;
      }
    }
    yield* out;
  }
  const out: RawRecord[] = [];
  if (mode === 'array') splitter.finish(out);
  else if (skipping || pendingChars) finishLine('', out);
  yield* out;
}

/** The chunks of a string, for tests and the CLI. */
export async function* textChunks(text: string, size = 1 << 16): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
