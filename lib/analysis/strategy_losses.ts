/**
 * What each reduction strategy would make of the same batches: the loss and
 * the per-term telemetry of several criterion configurations, computed on
 * fixed embeddings (e.g. a trained model's embeddings of a few batches), so
 * strategies are compared on identical triplets rather than on their own
 * training runs.
 */
import * as tf from '@tensorflow/tfjs';
import { buildCriterion, summarizeTerms, type CriterionOptions, type TermStats } from '../losses/index.js';

/** One batch of matched embeddings: row i of images matches row i of recipes. */
export interface EmbeddedBatch {
  /** [N, dim] row-major. */
  images: Float32Array;
  /** [N, dim] row-major. */
  recipes: Float32Array;
  /** [N], 0 = background. */
  classes: Int32Array;
  dim: number;
}

export interface StrategyLoss {
  strategy: string;
  batch: number;
  total: number;
  terms: TermStats[];
}

/** The criterion of each strategy applied to every batch; no gradient, no tensors left behind. */
export function strategyLosses(batches: readonly EmbeddedBatch[], strategies: Readonly<Record<string, CriterionOptions>>): StrategyLoss[] {
  const out: StrategyLoss[] = [];
  for (const [strategy, options] of Object.entries(strategies)) {
    const criterion = buildCriterion(options);
    if (criterion.needsSemanticHead) throw new Error(`strategyLosses: strategy '${strategy}' (${options.name}) needs the semantic head's logits; compare embedding-only losses`);
    try {
      batches.forEach((b, i) => {
        const n = b.classes.length;
        if (b.images.length !== n * b.dim || b.recipes.length !== n * b.dim) {
          throw new Error(`strategyLosses: batch ${i} has ${n} classes but ${b.images.length / b.dim} images and ${b.recipes.length / b.dim} recipes`);
        }
        const images = tf.tensor2d(b.images, [n, b.dim]);
        const recipes = tf.tensor2d(b.recipes, [n, b.dim]);
        const classes = tf.tensor1d(b.classes, 'int32');
        let value: number;
        let terms: TermStats[];
        try {
          // compute() tidies its intermediates and keeps only total and the term tensors.
          const result = criterion.compute({ images, recipes, classes });
          value = result.total.dataSync()[0];
          result.total.dispose();
          terms = summarizeTerms(result.terms);
        } finally {
          tf.dispose([images, recipes, classes]);
        }
        out.push({ strategy, batch: i, total: value, terms });
      });
    } finally {
      criterion.dispose();
    }
  }
  return out;
}
