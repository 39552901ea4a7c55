// Request bodies, bounded as the API server bounds them: over 3 MB (its --max-request-body-bytes default) the
// request answers 413 as soon as the Content-Length or the bytes received say so; the rest is dropped, not kept;
// a JSON body nested deeper than the API server's decoder allows answers 400 before anything recurses into it.
import type { IncomingMessage } from 'node:http';
import { ApiError, badRequest, requestEntityTooLarge } from './status.js';

export const MAX_BODY_BYTES = 3 * 1024 * 1024;
/** sigs.k8s.io/json and the YAML decoder refuse objects nested deeper than this. */
export const MAX_NESTING_DEPTH = 10_000;

/** What is still read (and dropped) after a refused body, so the client sees the 413 rather than a broken pipe. */
const DISCARD_BYTES = 64 * 1024 * 1024;

/** Calls `done` once with the body, or with the Status error that ends the request. */
export function readBody(req: IncomingMessage, limit: number, done: (body: string | ApiError) => void): void {
  const declared = Number(req.headers['content-length']);
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = Number.isFinite(declared) && declared > limit;
  if (refused) done(requestEntityTooLarge(limit));
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (refused) {
      if (size > limit + DISCARD_BYTES) req.socket.destroy();
      return;
    }
    if (size > limit) {
      refused = true;
      chunks.length = 0;
      done(requestEntityTooLarge(limit));
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (!refused) done(Buffer.concat(chunks).toString('utf8'));
  });
}

/** Refuses a body whose `{`/`[` nesting (outside strings) goes past MAX_NESTING_DEPTH; linear, no recursion. */
export function checkNesting(text: string, limit = MAX_NESTING_DEPTH): void {
  let depth = 0;
  let inString: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === inString) inString = undefined;
    } else if (c === '"') inString = c;
    else if (c === '{' || c === '[') {
      if (++depth > limit) throw badRequest(`the body of the request could not be decoded: exceeded max depth of ${limit}`);
    } else if (c === '}' || c === ']') depth--;
  }
}
