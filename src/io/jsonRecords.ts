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

/** Cuts a JSON array's elements out of its text as chunks arrive. */
class ArraySplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private element = '';
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
    if (this.depth >= 1) this.element += chunk.slice(start);
  }

  private flush(tail: string, out: RawRecord[]): void {
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
  let pending = '';
  let line = 0;
  for await (const chunk of chunks) {
    const out: RawRecord[] = [];
    let text = chunk;
    if (mode === 'unknown') {
      const first = text.trimStart()[0];
      if (first === undefined) continue;
      mode = first === '[' ? 'array' : 'lines';
    }
    if (mode === 'array') {
      if (!splitter.ended) splitter.push(text, out);
    } else {
      text = pending + text;
      let at = 0;
      for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
        line++;
        const raw = text.slice(at, nl).trim();
        if (raw) out.push(parse(raw, line));
        at = nl + 1;
      }
      pending = text.slice(at);
    }
    yield* out;
  }
  const out: RawRecord[] = [];
  if (mode === 'array') splitter.finish(out);
  else if (pending.trim()) out.push(parse(pending.trim(), line + 1));
  yield* out;
}

/** The chunks of a string, for tests and the CLI. */
export async function* textChunks(text: string, size = 1 << 16): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
