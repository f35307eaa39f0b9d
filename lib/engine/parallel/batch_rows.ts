/**
 * A batch split by rows among replicas: contiguous row ranges of about equal
 * work (the replicas wait for each other at every exchange, so the step
 * takes as long as the largest share). The sub-batch of one range is the
 * batch contract's own (pairBatchRows in lib/data/batch.ts).
 */
import type { RecipeBatch } from '../../data/batch.js';
import type { NetworkOptions } from '../../model/index.js';

/** Matrix-product flops of an LSTM (in → hidden) over one sequence; its first step has no recurrent product. */
function lstmFlops(inDim: number, hidden: number, length: number): number {
  return length <= 0 ? 0 : 8 * hidden * (length * inDim + (length - 1) * hidden);
}

/** Forward matrix-product flops of each row through the encoders of `network` (backward costs about twice as much, row for row). */
export function rowCosts(batch: RecipeBatch, network: NetworkOptions, featureDim: number): Float64Array {
  const hierarchical = network.instruction_variant === 'hierarchical';
  const sentenceIn = hierarchical ? network.sentence_hidden : batch.sentenceDim;
  const projections = 2 * network.embedding_dim * (featureDim + 2 * network.ingredient_hidden + network.instruction_hidden);
  const costs = new Float64Array(batch.size);
  for (let r = 0; r < batch.size; r++) {
    let c = projections + 2 * lstmFlops(network.word_dim, network.ingredient_hidden, batch.ingredientLengths[r]);
    c += lstmFlops(sentenceIn, network.instruction_hidden, batch.instructionLengths[r]);
    if (hierarchical) {
      for (let t = 0; t < batch.instructionLengths[r]; t++) c += lstmFlops(network.word_dim, network.sentence_hidden, batch.sentenceLengths[r * batch.maxSentences + t]);
    }
    costs[r] = c;
  }
  return costs;
}

/**
 * [from, to) row ranges, in order, for `parts` replicas: range k takes the
 * rows whose middle lies before (k + 1)/parts of the total cost. The first range
 * is never empty (replica 0 reports the loss); later ones may be when there
 * are fewer rows than replicas.
 */
export function balancedShares(costs: ArrayLike<number>, parts: number): [number, number][] {
  const rows = costs.length;
  let total = 0;
  for (let r = 0; r < rows; r++) total += costs[r];
  const ends: number[] = [];
  let r = 0;
  let running = 0;
  for (let k = 0; k < parts; k++) {
    const target = (total * (k + 1)) / parts;
    while (r < rows && (running + costs[r] / 2 < target || (k === 0 && r === 0))) running += costs[r++];
    ends.push(k === parts - 1 ? rows : r);
  }
  return ends.map((end, k) => [k === 0 ? 0 : ends[k - 1], end] as [number, number]);
}
