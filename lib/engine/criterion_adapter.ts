/** The loss module's Criterion seen through the engine's TrainingCriterion interface. */
import type * as tf from '@tensorflow/tfjs';
import { summarizeTerms, type Criterion, type TermResult } from '../losses/index.js';
import type { TrainingCriterion } from './parts.js';

export function trainingCriterion(criterion: Criterion): TrainingCriterion {
  // The loss's own variables (InfoNCE's temperature) get stable checkpoint names by position.
  const named = new Map<string, tf.Variable>(criterion.variables.map((v, i) => [`variable_${i}`, v]));
  return {
    needsSemanticHead: criterion.needsSemanticHead,
    namedVariables: named,
    compute: (input) => criterion.compute(input),
    summarize: (terms) => summarizeTerms(terms as TermResult[]),
  };
}
