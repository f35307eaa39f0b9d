import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamJsonArray } from '../../lib/data/stream_json.js';

async function collect(file: string, chunkSize?: number): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of streamJsonArray(file, { chunkSize })) out.push(x);
  return out;
}

/** Records with strings full of JSON syntax, escapes and multi-byte characters, to be split across chunks. */
function record(i: number): Record<string, unknown> {
  return {
    id: `r${i}`,
    title: `Crème brûlée "n°${i}" [with] {braces}, commas, and a \\ backslash — 寿司 🍣`,
    nested: { list: [i, i + 0.5, -i, null, true, false, { deep: [[], {}] }], empty: '' },
    ingredients: Array.from({ length: 5 }, (_, k) => ({ text: `${k + 1}/2 cup item ${i}-${k}\n\t"quoted"` })),
  };
}

test('streamJsonArray: a multi-MB array read in 64 KiB chunks gives exactly JSON.parse\'s elements', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'r1m-stream-'));
  try {
    const n = 8000;
    const records = Array.from({ length: n }, (_, i) => record(i));
    const text = `\n [\n${records.map((r) => JSON.stringify(r, null, i(r) % 3 === 0 ? 2 : undefined)).join(' ,\n')}\n]\n\n`;
    function i(r: Record<string, unknown>): number {
      return Number((r.id as string).slice(1));
    }
    const file = join(dir, 'big.json');
    writeFileSync(file, text);
    assert.ok(text.length > 4_000_000, `file is ${text.length} bytes`);
    const got = await collect(file, 64 * 1024);
    assert.equal(got.length, n);
    assert.deepEqual(got, JSON.parse(text));
    // Odd chunk sizes split multi-byte characters and escapes everywhere.
    assert.deepEqual(await collect(file, 4093), got);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('streamJsonArray: yields records before the end of the file is read (it does not hold the whole file)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'r1m-stream-'));
  try {
    // A 6 MB array whose end is cut off: a whole-file parser yields nothing; a streaming one yields the records first.
    const body = Array.from({ length: 12000 }, (_, i) => JSON.stringify(record(i))).join(',');
    const file = join(dir, 'truncated.json');
    writeFileSync(file, `[${body},{"id":"cut`);
    let seen = 0;
    await assert.rejects(async () => {
      for await (const _ of streamJsonArray(file, { chunkSize: 64 * 1024 })) seen++;
    }, (err: Error) => err.message.includes(file) && /not closed|invalid JSON/.test(err.message));
    assert.equal(seen, 12000, 'every complete record came out before the error at the end');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('streamJsonArray: scalars, empty arrays and nested arrays as elements', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'r1m-stream-'));
  try {
    const cases: Array<[string, unknown[]]> = [['[]', []], [' [ ] ', []], ['[1, "a,b", null, [1,[2]], {"x":"]"}]', [1, 'a,b', null, [1, [2]], { x: ']' }]]];
    for (const [k, [text, expected]] of cases.entries()) {
      const file = join(dir, `c${k}.json`);
      writeFileSync(file, text);
      assert.deepEqual(await collect(file, 3), expected, text);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('streamJsonArray: unreadable, non-JSON and non-array files are errors naming the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'r1m-stream-'));
  try {
    const bad: Record<string, string> = {
      'object.json': '{"id": 1}',
      'text.json': 'hello, this is not JSON',
      'empty.json': '',
      'garbage-element.json': '[{"id": 1}, {id: 2}]',
      'double-comma.json': '[1,,2]',
      'trailing.json': '[1, 2] x',
      'unclosed.json': '[1, 2',
    };
    for (const [name, text] of Object.entries(bad)) {
      const file = join(dir, name);
      writeFileSync(file, text);
      await assert.rejects(collect(file), (err: Error) => err.message.includes(file), name);
    }
    const missing = join(dir, 'nope.json');
    await assert.rejects(collect(missing), (err: Error) => err.message.includes(missing) && /cannot read/.test(err.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
