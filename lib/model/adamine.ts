/**
 * The AdaMine model (docs/method.md §3): a recipe encoder (ingredient bi-LSTM +
 * instruction LSTM(s), fused by Linear → tanh → L2) and an image encoder
 * (precomputed backbone features → Linear → tanh → L2) into one
 * `embedding_dim` space, plus an optional semantic head shared by both
 * modalities (the pairwise losses' classifier).
 *
 * The image backbone is not part of this class: the data pipeline
 * precomputes its features (`batch.imageFeatures`).
 */
import * as tf from '@tensorflow/tfjs';
import type { ImageBatch, RecipeBatch } from '../data/batch.js';
import { Linear, l2Normalize } from './linear.js';
import { Lstm } from './lstm.js';
import type { NetworkOptions } from './options.js';
import { ParamStore } from './params.js';
import { packIds, packLengths, packedIndex, type PackedSequences } from './sequences.js';
import { readWordVectors } from './word_vectors.js';

export interface ModelDims {
  /** Rows of the word embedding (token ids are < vocabSize; 0 is padding). */
  vocabSize: number;
  /** Classes including background 0; the semantic head's width. */
  nClasses: number;
  /** Width of the precomputed image features. */
  featureDim: number;
  /** Width of the precomputed sentence vectors (sentence_vectors variant), else 0. */
  sentenceDim: number;
  /** Whether to build the semantic head; the engine passes `criterion.needsSemanticHead`. Default false. */
  semanticHead?: boolean;
}

/** Random word vectors for rows word2vec does not cover: uniform in ±WORD_INIT. */
const WORD_INIT = 0.1;

export class AdaMine {
  readonly options: NetworkOptions;
  readonly dims: ModelDims;
  private readonly store: ParamStore;
  private readonly words: tf.Variable;
  private readonly ingredientsFw: Lstm;
  private readonly ingredientsBw: Lstm;
  private readonly sentenceWords: Lstm | null;
  private readonly sentences: Lstm;
  private readonly fusion: Linear;
  private readonly image: Linear;
  private readonly head: Linear | null;

  constructor(opts: NetworkOptions, dims: ModelDims, seed: number) {
    this.options = opts;
    this.dims = dims;
    if (!(dims.vocabSize >= 1)) throw new Error(`AdaMine: vocabSize must be >= 1, got ${dims.vocabSize}`);
    if (!(dims.featureDim >= 1)) throw new Error(`AdaMine: featureDim must be >= 1, got ${dims.featureDim}`);
    const hierarchical = opts.instruction_variant === 'hierarchical';
    if (!hierarchical && !(dims.sentenceDim >= 1)) {
      throw new Error('model.network.instruction_variant: sentence_vectors needs a store with sentence vectors (sentenceDim is 0)');
    }
    this.store = new ParamStore(opts.init_seed ?? seed);
    const s = this.store;
    this.words = s.add('recipe.words.embedding', [dims.vocabSize, opts.word_dim], s.uniform(dims.vocabSize * opts.word_dim, WORD_INIT));
    this.ingredientsFw = new Lstm(s, 'recipe.ingredients.fw', opts.word_dim, opts.ingredient_hidden);
    this.ingredientsBw = new Lstm(s, 'recipe.ingredients.bw', opts.word_dim, opts.ingredient_hidden);
    this.sentenceWords = hierarchical ? new Lstm(s, 'recipe.instructions.words', opts.word_dim, opts.sentence_hidden) : null;
    const sentenceIn = hierarchical ? opts.sentence_hidden : dims.sentenceDim;
    this.sentences = new Lstm(s, 'recipe.instructions.sentences', sentenceIn, opts.instruction_hidden);
    this.fusion = new Linear(s, 'recipe.fusion', 2 * opts.ingredient_hidden + opts.instruction_hidden, opts.embedding_dim);
    this.image = new Linear(s, 'image.projection', dims.featureDim, opts.embedding_dim);
    this.head = dims.semanticHead ? new Linear(s, 'semantic.head', opts.embedding_dim, dims.nClasses) : null;
  }

  /** [B, embedding_dim] unit rows. */
  embedRecipes(batch: RecipeBatch): tf.Tensor2D {
    return tf.tidy(() => {
      const fused = tf.concat([this.encodeIngredients(batch), this.encodeInstructions(batch)], 1) as tf.Tensor2D;
      return l2Normalize(tf.tanh(this.fusion.apply(fused)));
    });
  }

  /** [B, embedding_dim] unit rows, from `batch.imageFeatures`. */
  embedImages(batch: ImageBatch): tf.Tensor2D {
    if (batch.featureDim !== this.dims.featureDim || batch.imageFeatures.length !== batch.size * batch.featureDim) {
      throw new Error(`AdaMine.embedImages: expected [${batch.size}, ${this.dims.featureDim}] features, got ${batch.imageFeatures.length} values of width ${batch.featureDim}`);
    }
    return tf.tidy(() => {
      const x = tf.tensor2d(batch.imageFeatures, [batch.size, batch.featureDim]);
      return l2Normalize(tf.tanh(this.image.apply(x)));
    });
  }

  /** Class logits [B, nClasses] of embeddings of either modality, or null without a semantic head. */
  classify(emb: tf.Tensor2D): tf.Tensor2D | null {
    return this.head ? this.head.apply(emb) : null;
  }

  /** Stable local names ('recipe.ingredients.fw.kernel', …) → variables, for checkpoints. */
  namedVariables(): Map<string, tf.Variable> {
    return this.store.named();
  }

  /** Every trained variable: the image backbone is not part of the model (its features are precomputed), so it is never trained. */
  trainableVariables(): tf.Variable[] {
    return [...this.store.named().values()];
  }

  /** Overwrites the rows of `vocab` words found in a word2vec file; others keep their random vectors. */
  async loadWordVectors(path: string, vocab: string[]): Promise<{ found: number; missing: number }> {
    if (vocab.length > this.dims.vocabSize) {
      throw new Error(`AdaMine.loadWordVectors: vocabulary of ${vocab.length} words exceeds the embedding's ${this.dims.vocabSize} rows`);
    }
    const { dim, vectors } = await readWordVectors(path, new Set(vocab));
    if (dim !== this.options.word_dim) {
      throw new Error(`${path}: vectors are ${dim}-d but model.network.word_dim is ${this.options.word_dim}`);
    }
    const table = (await this.words.data()) as Float32Array;
    const values = new Float32Array(table);
    let found = 0;
    vocab.forEach((word, id) => {
      const v = vectors.get(word);
      if (!v) return;
      values.set(v, id * dim);
      found++;
    });
    tf.tidy(() => this.words.assign(tf.tensor2d(values, [this.dims.vocabSize, dim])));
    const missing = vocab.length - found;
    console.log(`word2vec ${path}: ${found} of ${vocab.length} words found, ${missing} left random`);
    return { found, missing };
  }

  dispose(): void {
    this.store.dispose();
  }

  /** Packed ids [n] → [n, word_dim] word vectors. */
  private embedWords(ids: Int32Array): tf.Tensor2D {
    return tf.tidy(() => tf.gather(this.words, tf.tensor1d(ids, 'int32')) as tf.Tensor2D);
  }

  /** [B, 2 * ingredient_hidden]: last real state of each direction. */
  private encodeIngredients(batch: RecipeBatch): tf.Tensor2D {
    return tf.tidy(() => {
      const direction = (lstm: Lstm, reverse: boolean): tf.Tensor2D => {
        const p = packIds(batch.ingredients, batch.ingredientLengths, batch.maxIngredients, reverse, 'batch.ingredients');
        const sorted = lstm.lastState(this.embedWords(p.ids), p.batchSizes, p.rows);
        return tf.gather(sorted, tf.tensor1d(p.rank, 'int32'));
      };
      return tf.concat([direction(this.ingredientsFw, false), direction(this.ingredientsBw, true)], 1) as tf.Tensor2D;
    });
  }

  /** [B, instruction_hidden]; a recipe with no sentence gets the LSTM's initial (zero) state. */
  private encodeInstructions(batch: RecipeBatch): tf.Tensor2D {
    return tf.tidy(() => {
      const B = batch.size;
      const S = batch.maxSentences;
      const recipes = packLengths(batch.instructionLengths, S, 'batch.instructionLengths');
      const inputs = this.sentenceWords ? this.sentenceStates(batch, recipes) : this.sentenceVectorInputs(batch, recipes);
      const sorted = this.sentences.lastState(inputs, recipes.batchSizes, B);
      return tf.gather(sorted, tf.tensor1d(recipes.rank, 'int32'));
    });
  }

  /** Word-level LSTM over every real sentence, then arranged as the sentence LSTM's packed inputs. */
  private sentenceStates(batch: RecipeBatch, recipes: PackedSequences): tf.Tensor2D {
    const lstm = this.sentenceWords as Lstm;
    const S = batch.maxSentences;
    const W = batch.maxWords;
    if (recipes.total === 0) return tf.zeros([0, lstm.hidden]);
    return tf.tidy(() => {
      // The real sentences, numbered k in packed-recipe order: sentence (row, t) is k = first[row] + t.
      const first = new Int32Array(batch.size);
      let n = 0;
      for (let r = 0; r < batch.size; r++) {
        first[r] = n;
        n += batch.instructionLengths[r];
      }
      const ids = new Int32Array(n * W);
      const lengths = new Int32Array(n);
      for (let r = 0; r < batch.size; r++) {
        for (let t = 0; t < batch.instructionLengths[r]; t++) {
          const src = (r * S + t) * W;
          ids.set(batch.instructions.subarray(src, src + W), (first[r] + t) * W);
          lengths[first[r] + t] = batch.sentenceLengths[r * S + t];
        }
      }
      const words = packIds(ids, lengths, W, false, 'batch.instructions');
      const states = lstm.lastState(this.embedWords(words.ids), words.batchSizes, words.rows); // [n, sentence_hidden], sorted
      return tf.gather(states, tf.tensor1d(packedIndex(recipes, (row, t) => words.rank[first[row] + t]), 'int32')) as tf.Tensor2D;
    });
  }

  /** The store's sentence vectors, packed [Σ batchSizes, sentenceDim]. */
  private sentenceVectorInputs(batch: RecipeBatch, recipes: PackedSequences): tf.Tensor2D {
    const D = this.dims.sentenceDim;
    const src = batch.sentenceVectors;
    if (recipes.total === 0) return tf.zeros([0, D]);
    if (!src || batch.sentenceDim !== D || src.length !== batch.size * batch.maxSentences * D) {
      throw new Error(`AdaMine: the sentence_vectors variant needs batch.sentenceVectors of [${batch.size}, ${batch.maxSentences}, ${D}], got ${src ? `${src.length} values of width ${batch.sentenceDim}` : 'none'}`);
    }
    const index = packedIndex(recipes, (row, t) => row * batch.maxSentences + t);
    const out = new Float32Array(recipes.total * D);
    index.forEach((v, k) => out.set(src.subarray(v * D, v * D + D), k * D));
    return tf.tensor2d(out, [recipes.total, D]);
  }
}
