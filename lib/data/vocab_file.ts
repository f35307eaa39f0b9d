/**
 * vocab.json, the vocabulary of a prepared folder: written by prepare, read
 * by every run and search. `{ minCount, size, words }`, where `words[id]`
 * is the word of token id (0 <pad>, 1 <unk>, see vocab.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write.js';
import type { Vocabulary } from './vocab.js';

export const VOCAB_FILE = 'vocab.json';

/** Writes `vocab` into the prepared folder `dir`, atomically and durably. */
export function writeVocab(dir: string, vocab: Vocabulary, minCount: number): void {
  writeFileAtomic(join(dir, VOCAB_FILE), `${JSON.stringify({ minCount, size: vocab.size, words: vocab.tokens })}\n`);
}

/** Token id → word, from the prepared folder `dir`. */
export function readVocab(dir: string): string[] {
  const file = join(dir, VOCAB_FILE);
  if (!existsSync(file)) throw new Error(`${file} is missing: dataset.dir must be a folder written by \`recipe1m prepare\``);
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const words = Array.isArray(raw) ? raw : (raw as { words?: unknown }).words;
  if (!Array.isArray(words) || !words.every((w) => typeof w === 'string')) throw new Error(`${file}: expected a list of words`);
  return words as string[];
}
