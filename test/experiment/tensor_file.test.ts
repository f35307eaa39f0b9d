/** The checkpoint tensor files: the safetensors layout, byte for byte; files in the layout before it still read. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTensorFile, readTensorFile } from '../../lib/experiment/tensor_file.js';

const dir = mkdtempSync(join(tmpdir(), 'tensor-file-'));
after(() => rmSync(dir, { recursive: true }));
const w = { name: 'w', dtype: 'float32' as const, shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.5]) };
const iter = { name: 'iter', dtype: 'int32' as const, shape: [], data: Int32Array.from([42]) };

test('the safetensors layout: uint64 header length, JSON header with dtype/shape/data_offsets and string metadata, aligned raw data', () => {
  const bytes = Buffer.from(encodeTensorFile({ token: 't1', kind: 'model' }, [w, iter]));
  const n = Number(bytes.readBigUInt64LE(0));
  assert.equal((8 + n) % 8, 0, 'the data starts at a multiple of 8');
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8'));
  assert.deepEqual(header, {
    __metadata__: { token: 't1', kind: 'model' },
    w: { dtype: 'F32', shape: [2, 3], data_offsets: [0, 24] },
    iter: { dtype: 'I32', shape: [], data_offsets: [24, 28] },
  });
  assert.equal(bytes.length, 8 + n + 28, 'the data ends the file');
  assert.equal(bytes.readFloatLE(8 + n + 5 * 4), -6.5);
  assert.equal(bytes.readInt32LE(8 + n + 24), 42);
});

test('tensors come back in the order of their data, whatever the order of the JSON keys', () => {
  const json = Buffer.from(JSON.stringify({ second: { dtype: 'F32', shape: [1], data_offsets: [4, 8] }, first: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }));
  const data = Buffer.alloc(8);
  data.writeFloatLE(1.5, 0);
  data.writeFloatLE(-2, 4);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  const file = join(dir, 'reordered.safetensors');
  writeFileSync(file, Buffer.concat([length, json, data]));
  const back = readTensorFile(file);
  assert.deepEqual(back.meta, {});
  assert.deepEqual(back.arrays.map((a) => [a.name, Array.from(a.data)]), [['first', [1.5]], ['second', [-2]]]);
});

test('an unsupported dtype and a short tensor are refused with the file and tensor named', () => {
  const file = join(dir, 'bad.safetensors');
  const good = Buffer.from(encodeTensorFile({}, [w]));
  writeFileSync(file, Buffer.from(good.toString('latin1').replace('"F32"', '"F16"'), 'latin1'));
  assert.throws(() => readTensorFile(file), (e: Error) => e.message.includes(file) && /tensor 'w' has dtype F16/.test(e.message));
  writeFileSync(file, Buffer.from(good.toString('latin1').replace('"data_offsets":[0,24]', '"data_offsets":[0,20]'), 'latin1'));
  assert.throws(() => readTensorFile(file), /tensor 'w' spans 20 bytes, its shape \[2,3\] needs 24/);
});

/** The layout checkpoints had before safetensors (what baseline-r2 wrote), to check that older experiments stay readable. */
function legacyFile(meta: Record<string, string>, arrays: { name: string; dtype: 'float32' | 'int32'; shape: number[]; data: Float32Array | Int32Array }[]): Buffer {
  let offset = 0;
  const tensors = arrays.map((a) => {
    const e = { name: a.name, dtype: a.dtype, shape: a.shape, offset, length: a.data.length };
    offset += a.data.byteLength;
    return e;
  });
  const header = Buffer.from(JSON.stringify({ meta, tensors }), 'utf8');
  const dataStart = Math.ceil((12 + header.length) / 4) * 4;
  const out = Buffer.alloc(dataStart + offset);
  out.write('R1MTENS1', 0, 'ascii');
  out.writeUInt32LE(header.length, 8);
  header.copy(out, 12);
  arrays.forEach((a, i) => Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).copy(out, dataStart + tensors[i].offset));
  return out;
}

test('a checkpoint file in the layout before safetensors still reads', () => {
  const file = join(dir, 'ckpt_last_model.bin');
  writeFileSync(file, legacyFile({ token: 'old' }, [w, iter]));
  const back = readTensorFile(file);
  assert.equal(back.meta.token, 'old');
  assert.deepEqual(back.arrays.map((a) => [a.name, a.dtype, a.shape, Array.from(a.data)]), [['w', 'float32', [2, 3], [1, 2, 3, 4, 5, -6.5]], ['iter', 'int32', [], [42]]]);
  writeFileSync(file, readFileSync(file).subarray(0, -4));
  assert.throws(() => readTensorFile(file), /tensor 'iter' runs past the end of the file \(truncated\?\)/);
});
