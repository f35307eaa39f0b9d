/** The losses' public API. */
export { buildCriterion, type Criterion, type CriterionInput, type CriterionOutput } from './criterion.js';
export {
  criterionSchema,
  LOSS_NAMES,
  REDUCTIONS,
  MINERS,
  SEMANTIC_POSITIVES,
  type CriterionOptions,
  type LossName,
  type ReductionName,
  type MinerName,
  type SemanticPositives,
} from './options.js';
export { PARTS, type Parts } from './parts.js';
export type { Loss, LossFamily, LossParts } from './loss.js';
export type { Distance } from './distances/distance.js';
export type { Miner, Triplets } from './miners/miner.js';
export type { Costs, Reducer } from './reducers/reducer.js';
export { summarizeTerms, disposeTerms, type TermResult, type TermStats } from './terms.js';
