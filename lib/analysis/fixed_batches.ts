/**
 * A trained model's embeddings of the first training batches (epoch 0 of the
 * seeded sampler, so half background and a quarter same-class pairs: the
 * batches the losses were trained on), for recomputing every strategy's
 * loss on identical triplets.
 */
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { restoreExperiment } from '../experiment/experiment.js';
import { trainSource } from '../engine/store_source.js';
import type { EmbeddedBatch } from './strategy_losses.js';

export async function embedTrainingBatches(expDir: string, tag: string, nBatches: number): Promise<EmbeddedBatch[]> {
  const restored = await restoreExperiment(join(expDir, 'options.yaml'), ['--exp.resume', tag, '--dataset.train_split', 'train']);
  try {
    const store = restored.stores.train;
    if (!store) throw new Error(`${expDir}: the experiment has no training split to draw batches from`);
    const { batch_size } = restored.options.dataset;
    const source = trainSource(store, 'train', batch_size, restored.options.misc.seed);
    const plan = source.plan(0).slice(0, nBatches);
    return plan.map((indices, b) => {
      const batch = source.load(indices, 0, b);
      const [images, recipes] = tf.tidy(() => [restored.model.embedImages(batch), restored.model.embedRecipes(batch)]);
      try {
        return { images: images.dataSync() as Float32Array, recipes: recipes.dataSync() as Float32Array, classes: Int32Array.from(batch.classes), dim: images.shape[1] as number };
      } finally {
        tf.dispose([images, recipes]);
      }
    });
  } finally {
    restored.dispose();
  }
}
