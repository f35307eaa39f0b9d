/**
 * Gathers the embeddings of an evaluation epoch into SplitEmbeddings, each
 * batch's rows written straight to their final place (sorted by store
 * index): one [count, dim] matrix per modality, never a second copy of the
 * split (at Recipe1M's test split and 1024-d, each copy is 213 MB per
 * modality).
 */
import type { PairBatch } from '../data/batch.js';
import type { SplitEmbeddings } from './engine.js';

export class EmbeddingCollector {
  /** Store index → row (-1: not in the plan). */
  private readonly rowOf: Int32Array;
  private readonly indices: number[];
  private readonly recipeIds: string[];
  private readonly imageIds: string[];
  private readonly filled: Uint8Array;
  private images: Float32Array | null = null;
  private recipes: Float32Array | null = null;
  private dim = 0;
  private rows = 0;

  /** `plan`: the epoch's batches of store indices, each index once. */
  constructor(plan: readonly ArrayLike<number>[]) {
    const all: number[] = [];
    for (const b of plan) for (let k = 0; k < b.length; k++) all.push(b[k]);
    all.sort((a, b) => a - b);
    this.indices = all;
    this.rowOf = new Int32Array(all.length > 0 ? all[all.length - 1] + 1 : 0).fill(-1);
    all.forEach((index, row) => {
      if (this.rowOf[index] !== -1) throw new Error(`EmbeddingCollector: store index ${index} is twice in the evaluation plan`);
      this.rowOf[index] = row;
    });
    this.recipeIds = new Array<string>(all.length);
    this.imageIds = new Array<string>(all.length);
    this.filled = new Uint8Array(all.length);
  }

  /** One batch's embeddings ([batch.size, dim] each, rows in batch order). */
  add(batch: PairBatch, out: { images: Float32Array; recipes: Float32Array; dim: number }): void {
    const { dim } = out;
    if (!this.images || !this.recipes) {
      this.dim = dim;
      this.images = new Float32Array(this.indices.length * dim);
      this.recipes = new Float32Array(this.indices.length * dim);
    } else if (dim !== this.dim) {
      throw new Error(`EmbeddingCollector: a batch of ${dim}-d embeddings after ${this.dim}-d ones`);
    }
    for (let b = 0; b < batch.size; b++) {
      const row = this.rowOf[batch.indices[b]] ?? -1;
      if (row < 0 || this.filled[row]) throw new Error(`EmbeddingCollector: store index ${batch.indices[b]} is not in the plan, or came twice`);
      this.filled[row] = 1;
      this.rows++;
      this.images.set(out.images.subarray(b * dim, (b + 1) * dim), row * dim);
      this.recipes.set(out.recipes.subarray(b * dim, (b + 1) * dim), row * dim);
      this.recipeIds[row] = batch.ids[b];
      this.imageIds[row] = batch.imageIds[b];
    }
  }

  /** Every row of the plan, in store order. */
  result(): SplitEmbeddings {
    if (this.rows !== this.indices.length) throw new Error(`EmbeddingCollector: ${this.rows} of the plan's ${this.indices.length} rows were embedded`);
    return {
      count: this.indices.length,
      dim: this.dim,
      indices: this.indices,
      recipeIds: this.recipeIds,
      imageIds: this.imageIds,
      images: this.images ?? new Float32Array(0),
      recipes: this.recipes ?? new Float32Array(0),
    };
  }
}
