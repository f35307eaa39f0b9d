/**
 * Request bodies read with a size cap: a declared Content-Length over the
 * cap is refused before reading, a chunked body as soon as it passes it.
 */
import type { IncomingMessage } from 'node:http';
import { QueryError } from '../retrieval/query_error.js';

function tooLarge(maxBytes: number): QueryError {
  return new QueryError(`request body over the ${(maxBytes / 1e6).toFixed(1)} MB limit (--max-upload-mb)`, 413);
}

/** The 413 QueryError for a body whose declared Content-Length is over `maxBytes`, or undefined. */
export function declaredTooLarge(req: IncomingMessage, maxBytes: number): QueryError | undefined {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > maxBytes ? tooLarge(maxBytes) : undefined;
}

/** The whole body, or a 413 QueryError once it exceeds `maxBytes`. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const refused = declaredTooLarge(req, maxBytes);
  if (refused) return Promise.reject(refused);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > maxBytes) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!failed) reject(err);
      failed = true;
    });
  });
}
