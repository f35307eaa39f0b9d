/**
 * The checkpoint tensor format: one self-describing file per part.
 *
 *     bytes 0..7     "R1MTENS1"
 *     bytes 8..11    header length H (uint32, little-endian)
 *     bytes 12..     H bytes of JSON: { meta, tensors: [{ name, dtype, shape, offset, length }] }
 *     then           zero padding to a multiple of 4, then every tensor's
 *                    values (float32 or int32, little-endian) at `offset`
 *                    (bytes, relative to the start of the data), `length` values.
 *
 * Plain enough to read from Python (numpy.frombuffer) or anything else.
 */
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';

const MAGIC = 'R1MTENS1';

export interface NamedArray {
  name: string;
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

interface Entry {
  name: string;
  dtype: 'float32' | 'int32';
  shape: number[];
  offset: number;
  length: number;
}

if (endianness() !== 'LE') throw new Error('checkpoint files are little-endian; this host is big-endian');

export function encodeTensorFile(meta: Record<string, unknown>, arrays: readonly NamedArray[]): Uint8Array {
  let offset = 0;
  const tensors: Entry[] = arrays.map((a) => {
    const size = a.shape.reduce((p, s) => p * s, 1);
    if (size !== a.data.length) throw new Error(`tensor '${a.name}': shape [${a.shape}] holds ${size} values, data has ${a.data.length}`);
    const e = { name: a.name, dtype: a.dtype, shape: a.shape, offset, length: a.data.length };
    offset += a.data.byteLength;
    return e;
  });
  const header = Buffer.from(JSON.stringify({ meta, tensors }), 'utf8');
  const dataStart = Math.ceil((12 + header.length) / 4) * 4;
  const out = new Uint8Array(dataStart + offset);
  out.set(Buffer.from(MAGIC, 'ascii'), 0);
  new DataView(out.buffer).setUint32(8, header.length, true);
  out.set(header, 12);
  arrays.forEach((a, i) => out.set(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength), dataStart + tensors[i].offset));
  return out;
}

export function readTensorFile(file: string): { meta: Record<string, unknown>; arrays: NamedArray[] } {
  const buf = readFileSync(file);
  if (buf.length < 12 || buf.subarray(0, 8).toString('ascii') !== MAGIC) throw new Error(`${file} is not a recipe1m tensor file (bad magic)`);
  const headerLength = buf.readUInt32LE(8);
  let header: { meta: Record<string, unknown>; tensors: Entry[] };
  try {
    header = JSON.parse(buf.subarray(12, 12 + headerLength).toString('utf8'));
  } catch (err) {
    throw new Error(`${file}: unreadable header (${(err as Error).message})`);
  }
  const dataStart = Math.ceil((12 + headerLength) / 4) * 4;
  const arrays = header.tensors.map((e) => {
    const begin = dataStart + e.offset;
    const end = begin + e.length * 4;
    if (end > buf.length) throw new Error(`${file}: tensor '${e.name}' runs past the end of the file (truncated?)`);
    // Copy into a fresh, aligned buffer: the file buffer's offset may not be a multiple of 4.
    const bytes = new Uint8Array(buf.subarray(begin, end));
    const data = e.dtype === 'int32' ? new Int32Array(bytes.buffer) : new Float32Array(bytes.buffer);
    return { name: e.name, dtype: e.dtype, shape: e.shape, data };
  });
  return { meta: header.meta, arrays };
}
