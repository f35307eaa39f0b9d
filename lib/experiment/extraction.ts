/**
 * What a set of embeddings that covers a split needs beyond the pairs that
 * evaluation encodes (lib/engine/embeddings_io.ts): the recipe embedding of
 * every text-only recipe, and the image embedding of every photo of the
 * pairs other than the one evaluation uses. And what makes two sets the
 * same (`embeddingsSource`): a set is reused only for the same checkpoint
 * save, the same prepared store and the same options that shape the rows
 * (the network, the batch limits and size, the image choice's seed), so
 * that reused rows are bit-equal to what encoding again would give.
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { imageBatch, makeRecipeBatch, type Limits, type Manifest, type RecipeStore } from '../data/index.js';
import { readEmbeddings, readEmbeddingsIndex, type EmbeddingsSource, type ExtractedEmbeddings } from './embeddings_io.js';
import { ProgressBar } from '../util/progress.js';
import type { EngineState } from './checkpoint.js';
import type { Options } from '../engine/options_schema.js';
import type { EmbeddingModel } from '../engine/parts.js';

/** The dataset.max_* options: what makeBatch and makeRecipeBatch cut recipes to. */
export function batchLimits(options: Options): Partial<Limits> {
  const d = options.dataset;
  return { maxIngredients: d.max_ingredients, maxSentences: d.max_sentences, maxWords: d.max_words };
}

/** The identity of the rows a checkpoint gives on a prepared split with these options. */
export function embeddingsSource(options: Options, state: EngineState, manifest: Manifest): EmbeddingsSource {
  // The batch size too: another batching pads to other lengths and rounds the products differently.
  const settings = JSON.stringify({ network: options.model.network, limits: batchLimits(options), batchSize: options.dataset.batch_size, seed: options.misc.seed });
  return { checkpointToken: state.token, store: manifest.inputsFingerprint, settings: createHash('sha256').update(settings).digest('hex') };
}

/** Why a set computed from `had` cannot stand for `wanted` (null: it can). */
export function sourceMismatch(had: EmbeddingsSource | undefined, wanted: EmbeddingsSource): string | null {
  if (!had) return 'they do not record what they were computed from';
  if (had.checkpointToken !== wanted.checkpointToken) return 'they come from another save of the checkpoint';
  if (had.store !== wanted.store) return 'the prepared store has changed since';
  if (had.settings !== wanted.settings) return 'the network options, the batch limits or size, or misc.seed differ';
  return null;
}

async function rows(t: tf.Tensor2D, into: Float32Array, at: number): Promise<number> {
  try {
    into.set((await t.data()) as Float32Array, at);
    return t.shape[1];
  } finally {
    t.dispose();
  }
}

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export interface RestOfSplit {
  textOnly: { recipeIds: string[]; recipes: Float32Array };
  otherImages: { imageIds: string[]; recipeRows: Int32Array; images: Float32Array };
}

/**
 * Embeds the split's text-only recipes (store order, in batches of
 * `batchSize`, recipe side only) and the pairs' photos other than
 * `pairImageIds[i]` for pair i, in the order of the pairs and of each
 * recipe's photos.
 */
export async function embedRestOfSplit(
  model: EmbeddingModel,
  store: RecipeStore,
  pairImageIds: readonly string[],
  dim: number,
  batchSize: number,
  limits: Partial<Limits>,
  progress: boolean,
): Promise<RestOfSplit> {
  if (pairImageIds.length !== store.size) throw new Error(`embedRestOfSplit: ${pairImageIds.length} pair photos for the ${store.size} pairs of the ${store.split} store`);
  const recipeIds: string[] = [];
  const recipes = new Float32Array(store.textOnly * dim);
  const bar = new ProgressBar(`extract ${store.split}: recipes without a photo`, store.textOnly, { enabled: progress && store.textOnly > 0, rateUnit: 'recipes' });
  for (let start = store.size; start < store.recipeCount; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, store.recipeCount - start) }, (_, k) => start + k);
    const batch = makeRecipeBatch(store, indices, limits);
    await rows(model.embedRecipes(batch), recipes, recipeIds.length * dim);
    recipeIds.push(...batch.ids);
    bar.add(indices.length);
    await yieldToEventLoop();
  }
  bar.end();

  const others: Array<{ id: string; row: number; featureRow: number }> = [];
  for (let i = 0; i < store.size; i++) {
    const r = store.recipe(i);
    r.imageIds.forEach((id, k) => {
      if (id !== pairImageIds[i]) others.push({ id, row: i, featureRow: r.imageRows?.[k] ?? -1 });
    });
  }
  const images = new Float32Array(others.length * dim);
  const D = store.featureDim;
  const photos = new ProgressBar(`extract ${store.split}: other photos of the pairs`, others.length, { enabled: progress && others.length > 0, rateUnit: 'images' });
  for (let start = 0; start < others.length; start += batchSize) {
    const part = others.slice(start, start + batchSize);
    const features = new Float32Array(part.length * D);
    part.forEach((o, k) => store.readFeatureRow(o.featureRow, features, k * D));
    await rows(model.embedImages(imageBatch(features, D)), images, start * dim);
    photos.add(part.length);
    await yieldToEventLoop();
  }
  photos.end();
  return {
    textOnly: { recipeIds, recipes },
    otherImages: { imageIds: others.map((o) => o.id), recipeRows: Int32Array.from(others, (o) => o.row), images },
  };
}

/**
 * The set in `dir` for `store`'s split when its rows can be reused for
 * `wanted` (same source, as many pairs as the store; a set that covers the
 * split must also hold every recipe and photo of it), else why not.
 */
export async function reusableEmbeddings(dir: string, store: RecipeStore, wanted: EmbeddingsSource): Promise<{ set: ExtractedEmbeddings } | { why: string }> {
  let set: ExtractedEmbeddings;
  try {
    const index = await readEmbeddingsIndex(dir, store.split);
    const mismatch = sourceMismatch(index.source, wanted);
    if (mismatch !== null) return { why: `the embeddings there are not reusable: ${mismatch}` };
    if (index.count !== store.size) return { why: `the embeddings there hold ${index.count} pairs, the store ${store.size}` };
    if (index.covers === 'split' && (index.recipeCount !== store.recipeCount || index.imageCount !== store.images)) {
      return { why: `the embeddings there hold ${index.recipeCount} recipes and ${index.imageCount} photos, the store ${store.recipeCount} and ${store.images}` };
    }
    set = await readEmbeddings(dir, store.split);
  } catch (err) {
    return { why: (err as Error).message };
  }
  return { set };
}
