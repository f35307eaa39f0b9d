/**
 * The retrieval metrics of docs/method.md §8: draw bags, rank the true matches in both
 * directions, summarise each bag (MedR, R@1, R@5, R@10), then report the mean
 * and the population standard deviation (divided by the number of bags, not
 * by bags - 1) over bags. The engine logs `values` as
 * `eval_epoch.metric.<key>`.
 */
import type { Infer } from '../options/index.js';
import { DEFAULT_BAG_SEEDS, sampleBags } from './bags.js';
import type { DotProductEngine } from './dot_products.js';
import { DIRECTIONS, medianRankKey, RECALL_KS, recallKey, type BagStatistic } from './metric_keys.js';
import { jsDotProducts } from './dot_products.js';
import { rankOfMatches, type BagRanks } from './ranks.js';
import { medianRank, recallAtK } from './rank_stats.js';
import type { metricSchema } from './schema.js';
import { tfDotProducts } from './tf_dot_products.js';
import { blasDotProducts } from './blas_dot_products.js';
import type { RankingKernels } from '../util/native_kernels.js';

/** Embeddings of one split: row i of `images` matches row i of `recipes`. */
export interface RetrievalInput {
  images: Float32Array; // [count, dim]
  recipes: Float32Array; // [count, dim]
  count: number;
  dim: number;
}

/** The `model.metric` options (schema.ts). */
export type MetricOptions = Infer<typeof metricSchema>;

/** The options, and the engine that computes the similarity blocks (the caller's choice: `dotEngineFor` its backend). */
export type RankingOptions = MetricOptions & { dot: DotProductEngine };

export { DIRECTIONS, RECALL_KS, type Direction } from './metric_keys.js';

export interface DirectionMetrics {
  /** 1-based median rank. */
  medR: number;
  /** Fraction of queries with rank <= k, for k in RECALL_KS. */
  recall: Record<(typeof RECALL_KS)[number], number>;
}

export interface BagMetrics {
  /** Indices into the split of the bag's pairs. */
  indices: number[];
  im2recipe: DirectionMetrics;
  recipe2im: DirectionMetrics;
}

export interface RetrievalMetrics {
  /** med_<dir>_mean|std and recall_at_<k>_<dir>_mean|std. */
  values: Record<string, number>;
  perBag: BagMetrics[];
}

/**
 * The fastest engine: the native addon's sgemm and counting kernel when
 * `kernels` are given (lib/backend's nativeRankingKernels()), else, on the
 * TensorFlow.js backend named `backend` (as initBackend names it: cpu, wasm,
 * node, node-gpu), tf matMul unless tf runs on its slow pure-JS cpu backend.
 */
export function dotEngineFor(backend: string, kernels: RankingKernels | null = null): DotProductEngine {
  if (kernels) return blasDotProducts(kernels);
  return backend === 'cpu' ? jsDotProducts : tfDotProducts;
}

export function directionMetrics(ranks: ArrayLike<number>): DirectionMetrics {
  return {
    medR: medianRank(ranks),
    recall: { 1: recallAtK(ranks, 1), 5: recallAtK(ranks, 5), 10: recallAtK(ranks, 10) },
  };
}

/** Copies the given rows of x ([*, dim]) into a new [rows.length, dim] array. */
function gatherRows(x: Float32Array, rows: readonly number[], dim: number): Float32Array {
  const out = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => out.set(x.subarray(r * dim, (r + 1) * dim), i * dim));
  return out;
}

function bagsFor(input: RetrievalInput, opts: MetricOptions): number[][] {
  const { images, recipes, count, dim } = input;
  for (const [name, x] of [['images', images], ['recipes', recipes]] as const) {
    if (x.length !== count * dim) {
      throw new Error(`retrievalMetrics: ${name} has ${x.length} values, expected count x dim = ${count} x ${dim}`);
    }
  }
  return sampleBags(count, {
    nbBags: opts.nb_bags,
    perBag: opts.nb_matchs_per_bag,
    protocol: opts.protocol,
    seed: opts.seed ?? DEFAULT_BAG_SEEDS[opts.protocol],
  });
}

function bagMetrics(indices: number[], ranks: BagRanks): BagMetrics {
  return { indices, im2recipe: directionMetrics(ranks.im2recipe), recipe2im: directionMetrics(ranks.recipe2im) };
}

/** Synchronous; multi-threaded only through OpenBLAS, when `dot` multiplies on wasm with the native addon. */
export function retrievalMetrics(input: RetrievalInput, opts: RankingOptions): RetrievalMetrics {
  const { images, recipes, dim } = input;
  const { dot } = opts;
  const perBag = bagsFor(input, opts).map((indices) =>
    bagMetrics(indices, rankOfMatches(gatherRows(images, indices, dim), gatherRows(recipes, indices, dim), indices.length, dim, { dot })),
  );
  return { values: summarise(perBag), perBag };
}

/** The same metrics with the bags ranked by `rankBags` (asynchronous: on other threads, say), in bag order. */
export async function retrievalMetricsWith(
  input: RetrievalInput,
  opts: MetricOptions,
  rankBags: (input: RetrievalInput, bags: readonly number[][]) => Promise<BagRanks[]>,
): Promise<RetrievalMetrics> {
  const bags = bagsFor(input, opts);
  const ranks = await rankBags(input, bags);
  if (ranks.length !== bags.length) throw new Error(`retrievalMetricsWith: ${ranks.length} ranked bags for ${bags.length} bags`);
  const perBag = bags.map((indices, b) => bagMetrics(indices, ranks[b]));
  return { values: summarise(perBag), perBag };
}

/** Mean and population std over bags of every per-bag number, under the logged key names. */
function summarise(perBag: readonly BagMetrics[]): Record<string, number> {
  const values: Record<string, number> = {};
  const put = (key: (s: BagStatistic) => string, xs: number[]) => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    values[key('mean')] = mean;
    values[key('std')] = Math.sqrt(variance);
  };
  for (const dir of DIRECTIONS) {
    put((s) => medianRankKey(dir, s), perBag.map((b) => b[dir].medR));
    for (const k of RECALL_KS) put((s) => recallKey(k, dir, s), perBag.map((b) => b[dir].recall[k]));
  }
  return values;
}
