/**
 * An incremental reader of a top-level JSON array: yields each element as
 * soon as its text is complete, never holding more of the file than one
 * chunk plus the element being read (Recipe1M's layer1.json is 1.3 GB). It
 * scans characters for the element boundaries (depth, strings, escapes) and
 * hands each element's text to the native JSON.parse, which is much faster
 * than a token-level streaming parser. Errors name the file.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

export interface StreamArrayOptions {
  /** Bytes read at a time (default 1 MiB). */
  chunkSize?: number;
}

/** The elements of the JSON array in `file`, in order. Throws (naming the file) on unreadable, non-JSON or non-array input. */
export async function* streamJsonArray(file: string, opts: StreamArrayOptions = {}): AsyncGenerator<unknown> {
  const stream = createReadStream(file, { highWaterMark: opts.chunkSize ?? 1 << 20 });
  const decoder = new StringDecoder('utf8');
  let started = false; // saw '['
  let ended = false; // saw the closing ']'
  let depth = 0; // nesting inside the current element
  let inString = false;
  let escape = false;
  let pieces: string[] = []; // text of the current element, across chunks
  let elementCount = 0;
  let sawComma = false;
  let bytesRead = 0;

  const fail = (what: string): never => {
    throw new Error(`${file}: ${what} (near byte ${bytesRead})`);
  };
  const finishElement = (text: string): unknown => {
    const trimmed = text.trim();
    if (trimmed === '') fail(`invalid JSON: empty element ${elementCount} in the top-level array`);
    try {
      return JSON.parse(trimmed);
    } catch (err) {
      return fail(`invalid JSON in element ${elementCount} of the top-level array: ${(err as Error).message}`);
    }
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      const s = decoder.write(chunk);
      const out: unknown[] = [];
      let start = 0; // start of the current element's text within s
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (ended) {
          if (c === 32 || c === 10 || c === 13 || c === 9) continue;
          fail('unexpected text after the end of the top-level array');
        }
        if (!started) {
          if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff) continue;
          if (c !== 91 /* [ */) fail(`not a JSON array (starts with ${JSON.stringify(s[i])}; expected '[')`);
          started = true;
          start = i + 1;
          continue;
        }
        if (inString) {
          if (escape) escape = false;
          else if (c === 92 /* \ */) escape = true;
          else if (c === 34 /* " */) inString = false;
          continue;
        }
        if (c === 34) inString = true;
        else if (c === 123 || c === 91) depth++;
        else if (c === 125 || c === 93) {
          if (depth > 0) depth--;
          else if (c === 93) {
            // The closing ']' of the top-level array.
            pieces.push(s.slice(start, i));
            const text = pieces.join('');
            pieces = [];
            if (text.trim() !== '' || sawComma) {
              out.push(finishElement(text));
              elementCount++;
            }
            ended = true;
          } else fail("invalid JSON: unbalanced '}'");
        } else if (c === 44 /* , */ && depth === 0) {
          pieces.push(s.slice(start, i));
          out.push(finishElement(pieces.join('')));
          pieces = [];
          elementCount++;
          sawComma = true;
          start = i + 1;
        }
      }
      if (!ended && started) pieces.push(s.slice(start));
      for (const item of out) yield item;
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code) throw new Error(`cannot read ${file}: ${e.message}`);
    throw err;
  }
  if (!started) fail('not a JSON array (the file is empty)');
  if (!ended) fail('invalid JSON: the top-level array is not closed (truncated file?)');
}
