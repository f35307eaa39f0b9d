/**
 * The names of the retrieval metrics, built here only: per direction, the
 * median rank `med_<dir>_<stat>` and the recalls `recall_at_<k>_<dir>_<stat>`,
 * each as a mean and a population std over bags; the engine logs them
 * under `eval_epoch.metric.`, where the saving criteria, the view and the
 * experiment's summary read them.
 */

export type Direction = 'im2recipe' | 'recipe2im';
export const DIRECTIONS: readonly Direction[] = ['im2recipe', 'recipe2im'];
export const RECALL_KS = [1, 5, 10] as const;
export type RecallK = (typeof RECALL_KS)[number];

/** Over bags: the mean, or the population standard deviation. */
export type BagStatistic = 'mean' | 'std';

/** Where the engine logs each metric: `eval_epoch.metric.<key>`. */
export const LOGGED_METRIC_PREFIX = 'eval_epoch.metric.';

export function medianRankKey(direction: Direction, statistic: BagStatistic = 'mean'): string {
  return `med_${direction}_${statistic}`;
}

export function recallKey(k: RecallK, direction: Direction, statistic: BagStatistic = 'mean'): string {
  return `recall_at_${k}_${direction}_${statistic}`;
}

/** The logged series of metric `key`. */
export function loggedMetricKey(key: string): string {
  return `${LOGGED_METRIC_PREFIX}${key}`;
}
