/**
 * The QueryEncoder of a trained experiment: photos, decoded to the input
 * size of the backbone recorded in the prepared manifest, go through that
 * backbone and the image head; recipes, possibly without instructions,
 * through the recipe encoder, padded and cut to the limits as the
 * extracted ones were (lib/data/batch.ts). One item per call, every tensor
 * disposed.
 */
import * as tf from '@tensorflow/tfjs';
import { imageBatch, recipeBatch, type ImageBackbone, type Limits, type RawImage, type RecipeTokens } from '../data/index.js';
import type { AdaMine } from '../model/index.js';
import type { QueryEncoder } from './retriever.js';

async function rowOf(t: tf.Tensor2D): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

export class ModelQueryEncoder implements QueryEncoder {
  /**
   * `backbone` is created on first use (a photo query), so that recipe and
   * ingredient searches do not load it; `imageSize` is its input size, as
   * the manifest records it, known without loading it.
   */
  constructor(
    private readonly model: AdaMine,
    private readonly limits: Limits,
    private readonly sentenceDim: number,
    readonly imageSize: number,
    private readonly backbone: () => Promise<ImageBackbone>,
  ) {}

  async embedImage(image: RawImage): Promise<Float32Array> {
    const backbone = await this.backbone();
    const features = await backbone.embed([image]);
    return rowOf(this.model.embedImages(imageBatch(features, features.length)));
  }

  async embedRecipe(recipe: RecipeTokens): Promise<Float32Array> {
    return rowOf(this.model.embedRecipes(recipeBatch([recipe], this.limits, this.sentenceDim)));
  }
}
