/**
 * Analytic FLOP count of one training step, from the widths and the batch's
 * REAL lengths (padding is not useful work, so an encoder that computes on
 * padding shows a lower achieved rate). Only matrix products are counted
 * (2·m·k·n each); gate non-linearities and the loss's element-wise work are
 * a few percent. Backward costs twice the forward (one product for the input
 * gradient, one for the weight gradient), so a step is 3 × forward.
 */
import type { PairBatch } from '../lib/data/batch.js';
import type { NetworkOptions } from '../lib/model/options.js';

/** Forward FLOPs of an LSTM (in → hidden) over sequences of the given lengths; the first step has no recurrent product (h = 0). */
export function lstmForwardFlops(inDim: number, hidden: number, lengths: Iterable<number>): number {
  let flops = 0;
  for (const len of lengths) {
    if (len <= 0) continue;
    flops += len * 2 * inDim * 4 * hidden + (len - 1) * 2 * hidden * 4 * hidden;
  }
  return flops;
}

function* realSentenceLengths(batch: PairBatch): Iterable<number> {
  for (let b = 0; b < batch.size; b++) {
    for (let s = 0; s < batch.instructionLengths[b]; s++) yield batch.sentenceLengths[b * batch.maxSentences + s];
  }
}

export function stepForwardFlops(opts: NetworkOptions, featureDim: number, batch: PairBatch): number {
  const B = batch.size;
  let f = 2 * lstmForwardFlops(opts.word_dim, opts.ingredient_hidden, batch.ingredientLengths);
  const hierarchical = opts.instruction_variant === 'hierarchical';
  if (hierarchical) f += lstmForwardFlops(opts.word_dim, opts.sentence_hidden, realSentenceLengths(batch));
  const sentenceIn = hierarchical ? opts.sentence_hidden : batch.sentenceDim;
  f += lstmForwardFlops(sentenceIn, opts.instruction_hidden, batch.instructionLengths);
  f += 2 * B * (2 * opts.ingredient_hidden + opts.instruction_hidden) * opts.embedding_dim;
  f += 2 * B * featureDim * opts.embedding_dim;
  // The cross-modal similarity matrix of the loss.
  f += 2 * B * B * opts.embedding_dim;
  return f;
}

export function stepFlops(opts: NetworkOptions, featureDim: number, batch: PairBatch): number {
  return 3 * stepForwardFlops(opts, featureDim, batch);
}
