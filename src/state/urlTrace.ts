/**
 * A trace in a link: a gallery trace by its id, any other short one as deflated JSON in base64url (TensorFlow
 * Playground style), so a shared URL opens the same view.
 */
const MAX_ENCODED = 4000;

function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const s = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** The problem and response packed for a URL, or null when they are too long for one. */
export async function encodeTraceParam(problem: string, response: string): Promise<string | null> {
  const json = new TextEncoder().encode(JSON.stringify({ p: problem, r: response }));
  const encoded = toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
  return encoded.length <= MAX_ENCODED ? encoded : null;
}

/** The problem and response from a URL parameter; null when it is not one of ours. */
export async function decodeTraceParam(param: string): Promise<{ problem: string; response: string } | null> {
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(await pipe(fromBase64Url(param), new DecompressionStream('deflate-raw'))));
    if (typeof json === 'object' && json !== null && 'p' in json && 'r' in json && typeof json.p === 'string' && typeof json.r === 'string')
      return { problem: json.p, response: json.r };
    return null;
  } catch {
    return null;
  }
}
