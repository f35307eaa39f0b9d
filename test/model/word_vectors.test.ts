import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '../../lib/backend/index.js';
import { AdaMine, readWordVectors } from '../../lib/model/index.js';

before(async () => {
  await initBackend('cpu');
});

const dir = mkdtempSync(join(tmpdir(), 'w2v-'));
const WORDS: Record<string, number[]> = { salt: [0.5, -1, 0.25], olive_oil: [1, 2, 3], egg: [-0.125, 0, 8] };

function binaryFile(): string {
  const parts: Buffer[] = [Buffer.from(`${Object.keys(WORDS).length} 3\n`)];
  for (const [w, v] of Object.entries(WORDS)) {
    const floats = Buffer.alloc(12);
    v.forEach((x, j) => floats.writeFloatLE(x, 4 * j));
    parts.push(Buffer.from(`${w} `), floats, Buffer.from('\n'));
  }
  const path = join(dir, 'vectors.bin');
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

function textFile(header: boolean): string {
  const lines = Object.entries(WORDS).map(([w, v]) => `${w} ${v.join(' ')}`);
  const path = join(dir, header ? 'vectors.txt' : 'glove.txt');
  writeFileSync(path, (header ? ['3 3', ...lines] : lines).join('\n') + '\n');
  return path;
}

for (const [what, make] of [['binary', binaryFile], ['text', () => textFile(true)], ['headerless text', () => textFile(false)]] as const) {
  test(`reads the ${what} word2vec format, keeping only the words asked for`, async () => {
    const { dim, vectors } = await readWordVectors(make(), new Set(['salt', 'egg', 'flour']));
    assert.equal(dim, 3);
    assert.deepEqual([...vectors.keys()].sort(), ['egg', 'salt']);
    assert.deepEqual([...vectors.get('egg')!], WORDS.egg);
  });
}

test('loadWordVectors overwrites the rows found and reports the count', async () => {
  const opts = { word_dim: 3, word2vec: null, ingredient_hidden: 2, sentence_hidden: 2, instruction_hidden: 2, embedding_dim: 2, instruction_variant: 'hierarchical' as const, init_seed: null };
  const model = new AdaMine(opts, { vocabSize: 4, nClasses: 1, featureDim: 2, sentenceDim: 0 }, 3);
  const before = model.namedVariables().get('recipe.words.embedding')!.dataSync().slice();
  const counts = await model.loadWordVectors(binaryFile(), ['<pad>', 'salt', 'flour', 'olive_oil']);
  assert.deepEqual(counts, { found: 2, missing: 2 });
  const after = model.namedVariables().get('recipe.words.embedding')!.dataSync();
  assert.deepEqual([...after.subarray(3, 6)], WORDS.salt);
  assert.deepEqual([...after.subarray(9, 12)], WORDS.olive_oil);
  assert.deepEqual([...after.subarray(6, 9)], [...before.subarray(6, 9)]);
  model.dispose();
  const wide = new AdaMine({ ...opts, word_dim: 4 }, { vocabSize: 4, nClasses: 1, featureDim: 2, sentenceDim: 0 }, 1);
  await assert.rejects(() => wide.loadWordVectors(binaryFile(), ['salt']), /vectors are 3-d but model.network.word_dim is 4/);
  wide.dispose();
});
