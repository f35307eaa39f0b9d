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
export { summarizeTerms, disposeTerms, type TermResult, type TermStats } from './terms.js';
export { cosineDistance } from './distance.js';
export { instanceTriplets, semanticTriplets, semiHard, type Triplets } from './miners.js';
export { meanReduction, hardestReduction, adaptiveReduction, activeCount } from './reducers.js';
