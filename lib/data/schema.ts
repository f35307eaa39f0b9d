/** The `dataset` option section (mounted under `dataset` by the engine). */
import { int, str, type Infer, type Section } from '../options/index.js';
import { SPLITS } from './types.js';

export const datasetSchema = {
  dir: str('data/recipe1m-mini-small/prepared', 'folder written by `recipe1m prepare` (manifest.json, vocab.json, <split>.lmdb)'),
  train_split: str('train', 'split to train on; empty (~) to only evaluate', { choices: SPLITS, nullable: true }),
  eval_split: str('val', 'split to evaluate on (val during training, test for final numbers); empty for none', { choices: SPLITS, nullable: true }),
  batch_size: int(100, 'recipes per batch (training: half background, a quarter same-class pairs)', { min: 2 }),
  max_ingredients: int(20, 'at most this many ingredients per recipe in a batch (makeBatch limits; the store\'s own limit caps it)', { min: 1 }),
  max_sentences: int(20, 'at most this many instruction sentences per recipe in a batch (<= the store limit)', { min: 1 }),
  max_words: int(20, 'at most this many words per sentence in a batch (<= the store limit)', { min: 1 }),
} satisfies Section;

export type DatasetOptions = Infer<typeof datasetSchema>;
