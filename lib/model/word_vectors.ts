/**
 * Reads word2vec vectors in either of the formats word2vec writes:
 * text ("count dim" header line, then "word v1 … vdim" per line; a headerless
 * GloVe-style file also works) or binary ("count dim\n", then per word
 * "word " followed by dim little-endian float32, optionally a newline).
 * Only the words asked for are kept.
 */
import { readFile } from 'node:fs/promises';

export interface WordVectors {
  dim: number;
  vectors: Map<string, Float32Array>;
}

export async function readWordVectors(path: string, wanted: ReadonlySet<string>): Promise<WordVectors> {
  const buf = await readFile(path);
  const firstEnd = buf.indexOf(10);
  const header = buf.subarray(0, firstEnd < 0 ? buf.length : firstEnd).toString('utf8').trim().split(/\s+/);
  const hasHeader = header.length === 2 && /^\d+$/.test(header[0]) && /^\d+$/.test(header[1]);
  if (!hasHeader) return parseText(buf.toString('utf8'), 0, header.length - 1, wanted, path);
  const dim = Number(header[1]);
  if (dim <= 0) throw new Error(`${path}: header gives dimension ${dim}`);
  const body = firstEnd + 1;
  return looksLikeText(buf, body, dim) ? parseText(buf.toString('utf8'), 1, dim, wanted, path) : parseBinary(buf, body, dim, wanted, path);
}

/** The text format's first entry is a line of exactly dim + 1 fields, all but the first numeric. */
function looksLikeText(buf: Buffer, start: number, dim: number): boolean {
  const end = buf.indexOf(10, start);
  const line = buf.subarray(start, end < 0 ? buf.length : end).toString('latin1').trim().split(/\s+/);
  return line.length === dim + 1 && line.slice(1).every((v) => v !== '' && Number.isFinite(Number(v)));
}

function parseText(text: string, skipLines: number, dim: number, wanted: ReadonlySet<string>, path: string): WordVectors {
  if (dim <= 0) throw new Error(`${path}: no vectors found on the first line`);
  const vectors = new Map<string, Float32Array>();
  const lines = text.split('\n');
  for (let n = skipLines; n < lines.length; n++) {
    const line = lines[n].trim();
    if (line === '') continue;
    const space = line.indexOf(' ');
    const word = line.slice(0, space);
    if (!wanted.has(word)) continue;
    const fields = line.slice(space + 1).trim().split(/\s+/);
    if (fields.length !== dim) throw new Error(`${path}:${n + 1}: '${word}' has ${fields.length} values, expected ${dim}`);
    vectors.set(word, Float32Array.from(fields, Number));
  }
  return { dim, vectors };
}

function parseBinary(buf: Buffer, start: number, dim: number, wanted: ReadonlySet<string>, path: string): WordVectors {
  const vectors = new Map<string, Float32Array>();
  let pos = start;
  while (pos < buf.length) {
    while (pos < buf.length && (buf[pos] === 10 || buf[pos] === 32)) pos++;
    if (pos >= buf.length) break;
    const space = buf.indexOf(32, pos);
    if (space < 0 || space + 1 + 4 * dim > buf.length) throw new Error(`${path}: truncated binary entry at byte ${pos}`);
    const word = buf.subarray(pos, space).toString('utf8');
    const from = space + 1;
    if (wanted.has(word)) {
      const v = new Float32Array(dim);
      for (let j = 0; j < dim; j++) v[j] = buf.readFloatLE(from + 4 * j);
      vectors.set(word, v);
    }
    pos = from + 4 * dim;
  }
  return { dim, vectors };
}
