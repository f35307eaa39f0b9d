/**
 * The checkpoint tensor format: the safetensors layout, one file per part,
 * so that Python reads a checkpoint in one line
 * (`safetensors.torch.load_file(path)`, `safetensors.numpy.load_file(path)`).
 *
 *     bytes 0..7    N, the header length (uint64, little-endian)
 *     bytes 8..8+N  JSON: { "<name>": { "dtype": "F32" | "I32", "shape": [...],
 *                   "data_offsets": [begin, end] }, ..., "__metadata__": { ... } },
 *                   padded with spaces so that the data starts at a multiple of 8
 *     then          the values of every tensor (little-endian, C order) at
 *                   [begin, end) bytes from the start of the data, back to
 *                   back in the order they were written, up to the end of the file
 *
 * `__metadata__` holds strings only (the layout's rule): the save's token,
 * the part (`kind`), the optimizer's class. A JSON object's key order is not
 * kept by every writer, so the order of the tensors (which the optimizer
 * state depends on) is the order of their data.
 *
 * Files written before this layout (magic "R1MTENS1", a uint32 header
 * length, a JSON list of tensors) are still read, so older experiments
 * resume and evaluate; every save writes the new layout.
 */
import { readFileSync } from 'node:fs';
import { endianness } from 'node:os';

export interface NamedArray {
  name: string;
  dtype: 'float32' | 'int32';
  shape: number[];
  data: Float32Array | Int32Array;
}

export interface TensorFile {
  meta: Record<string, string>;
  arrays: NamedArray[];
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

const DTYPES = { float32: 'F32', int32: 'I32' } as const;
const METADATA = '__metadata__';
const DATA_ALIGNMENT = 8;
/** safetensors' own readers refuse larger headers. */
const MAX_HEADER_BYTES = 100_000_000;
const LEGACY_MAGIC = 'R1MTENS1';

if (endianness() !== 'LE') throw new Error('checkpoint files are little-endian; this host is big-endian');

export function encodeTensorFile(meta: Record<string, string>, arrays: readonly NamedArray[]): Uint8Array {
  const header: Record<string, HeaderEntry | Record<string, string>> = { [METADATA]: meta };
  let offset = 0;
  for (const a of arrays) {
    const size = a.shape.reduce((p, s) => p * s, 1);
    if (size !== a.data.length) throw new Error(`tensor '${a.name}': shape [${a.shape}] holds ${size} values, data has ${a.data.length}`);
    if (a.name === METADATA || a.name in header) throw new Error(`tensor '${a.name}': the name is taken`);
    header[a.name] = { dtype: DTYPES[a.dtype], shape: a.shape, data_offsets: [offset, offset + a.data.byteLength] };
    offset += a.data.byteLength;
  }
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const headerLength = Math.ceil((8 + json.length) / DATA_ALIGNMENT) * DATA_ALIGNMENT - 8;
  const out = new Uint8Array(8 + headerLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.fill(0x20, 8, 8 + headerLength);
  out.set(json, 8);
  let at = 8 + headerLength;
  for (const a of arrays) {
    out.set(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength), at);
    at += a.data.byteLength;
  }
  return out;
}

/** A fresh, aligned copy of a tensor's bytes (the file buffer's offset may not be a multiple of 4). */
function typed(dtype: NamedArray['dtype'], bytes: Uint8Array): Float32Array | Int32Array {
  const copy = new Uint8Array(bytes);
  return dtype === 'int32' ? new Int32Array(copy.buffer) : new Float32Array(copy.buffer);
}

function readSafetensors(file: string, buf: Buffer): TensorFile {
  const headerLength = Number(buf.readBigUInt64LE(0));
  if (headerLength > buf.length - 8) throw new Error(`${file}: the header runs past the end of the file (truncated?)`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(buf.subarray(8, 8 + headerLength).toString('utf8'));
  } catch (err) {
    throw new Error(`${file}: unreadable header (${(err as Error).message})`);
  }
  const { [METADATA]: rawMeta, ...entries } = header;
  const meta = (rawMeta ?? {}) as Record<string, string>;
  const dataStart = 8 + headerLength;
  const dataLength = buf.length - dataStart;
  const arrays = Object.entries(entries)
    .map(([name, raw]) => ({ name, e: raw as HeaderEntry }))
    .sort((p, q) => p.e.data_offsets[0] - q.e.data_offsets[0])
    .map(({ name, e }) => {
      const dtype = e.dtype === 'F32' ? 'float32' : e.dtype === 'I32' ? 'int32' : null;
      if (dtype === null) throw new Error(`${file}: tensor '${name}' has dtype ${String(e.dtype)}; checkpoints hold F32 and I32 only`);
      const [begin, end] = e.data_offsets;
      const size = e.shape.reduce((p, s) => p * s, 1);
      if (end - begin !== size * 4) throw new Error(`${file}: tensor '${name}' spans ${end - begin} bytes, its shape [${e.shape}] needs ${size * 4}`);
      if (end > dataLength) throw new Error(`${file}: tensor '${name}' runs past the end of the file (truncated?)`);
      return { name, dtype, shape: e.shape, data: typed(dtype, buf.subarray(dataStart + begin, dataStart + end)) } as NamedArray;
    });
  return { meta, arrays };
}

/** The layout checkpoints had before safetensors. */
function readLegacy(file: string, buf: Buffer): TensorFile {
  const headerLength = buf.readUInt32LE(8);
  let header: { meta: Record<string, string>; tensors: { name: string; dtype: NamedArray['dtype']; shape: number[]; offset: number; length: number }[] };
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
    return { name: e.name, dtype: e.dtype, shape: e.shape, data: typed(e.dtype, buf.subarray(begin, end)) };
  });
  return { meta: header.meta, arrays };
}

export function readTensorFile(file: string): TensorFile {
  const buf = readFileSync(file);
  if (buf.length >= 12 && buf.subarray(0, 8).toString('ascii') === LEGACY_MAGIC) return readLegacy(file, buf);
  // A safetensors header is a JSON object: its first byte is '{'.
  if (buf.length < 9 || buf.readBigUInt64LE(0) > BigInt(MAX_HEADER_BYTES) || buf[8] !== 0x7b) {
    throw new Error(`${file} is not a checkpoint tensor file (neither the safetensors layout nor the older "${LEGACY_MAGIC}" one)`);
  }
  return readSafetensors(file, buf);
}
