/**
 * A small synthetic paired dataset that needs no prepared store: recipes of
 * random ingredient/instruction token ids, image features a fixed random
 * projection of the recipe's ingredient bag plus noise, so a model can learn
 * to pair them. For the engine's unit tests (resume, divergence, checkpoints).
 */
import { imageBatch, pairBatch, recipeBatch, type PairBatch } from '../../lib/data/batch.js';
import type { BatchSource } from '../../lib/engine/parts.js';
import type { NetworkOptions } from '../../lib/model/index.js';
import { Random } from '../../lib/util/random.js';

export const VOCAB = 40;
export const FEATURE_DIM = 12;
export const CLASSES = 4;

/** The smallest AdaMine the engine tests train: hierarchical instructions, every width 8. */
export const TINY_NETWORK: NetworkOptions = {
  word_dim: 8,
  word2vec: null,
  ingredient_hidden: 8,
  sentence_hidden: 8,
  instruction_hidden: 8,
  embedding_dim: 8,
  instruction_variant: 'hierarchical',
  init_seed: null,
};

interface Item {
  ingredients: number[];
  sentences: number[][];
  cls: number;
  features: Float32Array;
}

export function syntheticItems(n: number, seed: number): Item[] {
  const rng = new Random(seed);
  const projection = Array.from({ length: VOCAB }, () => Float32Array.from({ length: FEATURE_DIM }, () => rng.normal()));
  return Array.from({ length: n }, () => {
    const ingredients = Array.from({ length: 1 + rng.int(4) }, () => 1 + rng.int(VOCAB - 1));
    const sentences = Array.from({ length: 1 + rng.int(3) }, () => Array.from({ length: 1 + rng.int(4) }, () => 1 + rng.int(VOCAB - 1)));
    const features = new Float32Array(FEATURE_DIM);
    for (const t of ingredients) for (let d = 0; d < FEATURE_DIM; d++) features[d] += projection[t][d];
    for (let d = 0; d < FEATURE_DIM; d++) features[d] += 0.1 * rng.normal();
    return { ingredients, sentences, cls: rng.int(CLASSES), features };
  });
}

export function makeSyntheticBatch(items: Item[], indices: ArrayLike<number>): PairBatch {
  const rows = Array.from(indices, (i) => items[i]);
  const features = new Float32Array(rows.length * FEATURE_DIM);
  rows.forEach((r, b) => features.set(r.features, b * FEATURE_DIM));
  return pairBatch(
    recipeBatch(rows.map((r) => ({ ingredients: Int32Array.from(r.ingredients), instructions: r.sentences.map((s) => Int32Array.from(s)) }))),
    imageBatch(features, FEATURE_DIM),
    { indices, ids: Array.from(indices, (i) => `r${i}`), classes: rows.map((r) => r.cls), imageIds: Array.from(indices, (i) => `i${i}.jpg`) },
  );
}

/** Shuffled batches, seeded by (seed, epoch) for training and by seed alone for evaluation. */
export function syntheticSource(split: string, items: Item[], batchSize: number, seed: number, perEpoch: boolean): BatchSource {
  return {
    split,
    size: items.length,
    batchSize,
    plan(epoch: number) {
      const order = new Random(perEpoch ? seed + epoch : seed).permutation(items.length);
      const out: number[][] = [];
      for (let i = 0; i + batchSize <= order.length; i += batchSize) out.push(order.slice(i, i + batchSize));
      return out;
    },
    load: (indices) => makeSyntheticBatch(items, indices),
  };
}
