import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vocabulary } from '../../lib/data/vocab.js';
import { readVocab, VOCAB_FILE, writeVocab } from '../../lib/data/vocab_file.js';

test('vocab.json: what prepare writes, a run reads back; a missing or malformed file is named', () => {
  const dir = mkdtempSync(join(tmpdir(), 'recipe1m-vocab-'));
  try {
    const vocab = Vocabulary.fromCounts(new Map([['onion', 12], ['olive_oil', 30], ['rare', 1]]), 10);
    writeVocab(dir, vocab, 10);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, VOCAB_FILE), 'utf8')), { minCount: 10, size: 4, words: ['<pad>', '<unk>', 'olive_oil', 'onion'] });
    assert.deepEqual(readVocab(dir), ['<pad>', '<unk>', 'olive_oil', 'onion']);
    writeFileSync(join(dir, VOCAB_FILE), JSON.stringify({ words: [1, 2] }));
    assert.throws(() => readVocab(dir), new RegExp(`${join(dir, VOCAB_FILE)}: expected a list of words`));
    rmSync(join(dir, VOCAB_FILE));
    assert.throws(() => readVocab(dir), new RegExp(`${join(dir, VOCAB_FILE)} is missing`));
  } finally {
    rmSync(dir, { recursive: true });
  }
});
