/**
 * The `feature_read` bench case: how fast batches come out of a prepared
 * store, and how much disk the store takes for its features. A
 * Recipe1M-shaped dataset (recipe1m_shaped.ts) with 2048-d imported
 * features is prepared, then every evaluation batch of 100 of its training
 * split is read five times (the page cache warm after the first): the
 * whole batch (`makeBatch`: records, tokens and the chosen photos'
 * features), its recipe side alone (`makeBatch` without an image picker),
 * and the features alone (`RecipeStore.features` for the same photos).
 * The best of the five passes is reported, the machine being shared; the
 * features' share of a batch is the difference of the first two.
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evalBatches, imagePicker, makeBatch, makeRecipeBatch, prepareRecipe1M, RecipeStore, storePath } from '../lib/data/index.js';
import { writeShapedDataset } from './recipe1m_shaped.js';

/** Bytes of each file of a split's store folder (LMDB's lock file aside). */
export function storeFiles(prepared: string, split: 'train' | 'val' | 'test'): Record<string, number> {
  const dir = storePath(prepared, split);
  return Object.fromEntries(readdirSync(dir).filter((f) => f !== 'lock.mdb').map((f) => [f, statSync(join(dir, f)).size]));
}

export const totalBytes = (files: Record<string, number>): number => Object.values(files).reduce((a, b) => a + b, 0);

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

export async function runFeatureRead(quick: boolean): Promise<Record<string, unknown>> {
  const work = await mkdtemp(join(tmpdir(), 'recipe1m-bench-features-'));
  try {
    const recipes = quick ? 10_000 : 30_000;
    const data = writeShapedDataset(join(work, 'raw'), recipes);
    const prepared = join(work, 'prepared');
    const t0 = performance.now();
    await prepareRecipe1M({ recipe1m: data.dir, out: prepared, features: data.features, featureIds: data.featureIds, progress: false });
    const prepareS = (performance.now() - t0) / 1000;
    const store = RecipeStore.open(prepared, 'train');
    try {
      const plan = evalBatches(store.size, 100, 1338);
      const pick = imagePicker('fixed', 1338);
      const chosen = plan.map((b) => makeBatch(store, b, pick).imageIds);
      let batchMs = Infinity;
      let recipeOnlyMs = Infinity;
      let featuresMs = Infinity;
      const perBatch = (f: () => void): number => {
        const t = performance.now();
        f();
        return (performance.now() - t) / plan.length;
      };
      for (let pass = 0; pass < 5; pass++) {
        batchMs = Math.min(batchMs, perBatch(() => plan.forEach((b) => makeBatch(store, b, pick))));
        recipeOnlyMs = Math.min(recipeOnlyMs, perBatch(() => plan.forEach((b) => makeRecipeBatch(store, b))));
        featuresMs = Math.min(featuresMs, perBatch(() => chosen.forEach((ids) => ids.forEach((id) => store.features(id)))));
      }
      const featureBytes = store.images * store.featureDim * 4;
      const files = storeFiles(prepared, 'train');
      const bytes = totalBytes(files);
      return {
        case: 'feature_read',
        recipes,
        train_pairs: store.size,
        train_images: store.images,
        feature_dim: store.featureDim,
        batches: plan.length,
        batch_size: 100,
        make_batch_ms: round(batchMs),
        recipe_side_ms: round(recipeOnlyMs),
        features_in_batch_ms: round(batchMs - recipeOnlyMs),
        features_call_ms_per_batch: round(featuresMs),
        prepare_s: round(prepareS, 2),
        train_store_files: files,
        train_store_bytes: bytes,
        train_feature_bytes: featureBytes,
        train_store_over_features: round(bytes / featureBytes),
      };
    } finally {
      store.close();
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
