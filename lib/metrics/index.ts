/** Public API of the retrieval metrics. */
export { BAG_PROTOCOLS, DEFAULT_BAG_SEEDS, sampleBags, type BagOptions, type BagProtocol } from './bags.js';
export { jsDotProducts, type DotProductEngine, type DotProducts } from './dot_products.js';
export { LOGGED_METRIC_PREFIX, loggedMetricKey, medianRankKey, recallKey, type BagStatistic, type RecallK } from './metric_keys.js';
export { normalizeRows } from './normalize.js';
export { medianRank, recallAtK } from './rank_stats.js';
export { nearTieTolerance, settlingDot } from './near_ties.js';
export { countAbove, rankOfMatches, ranksFromCounts, unitBag, type AboveCounts, type BagRanks, type RankOptions, type UnitBag } from './ranks.js';
export {
  DIRECTIONS,
  RECALL_KS,
  dotEngineFor,
  directionMetrics,
  retrievalMetrics,
  retrievalMetricsWith,
  type BagMetrics,
  type Direction,
  type DirectionMetrics,
  type MetricOptions,
  type RankingOptions,
  type RetrievalInput,
  type RetrievalMetrics,
} from './retrieval.js';
export { metricSchema } from './schema.js';
export { countSharedRows, gatherSharedBag, prepareSharedRows, rankBagsOnThreads, type RowCounters, type SharedBag } from './shared_bags.js';
export { blasDotProducts } from './blas_dot_products.js';
export { tfDotProducts } from './tf_dot_products.js';
export { topK, type Scored } from './top_k.js';
