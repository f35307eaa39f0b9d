/**
 * Options of the retrieval evaluation, section `model.metric`. The default
 * protocol is `disjoint` bags (see bags.ts): 10 bags of 1,000 pairs is the
 * 1k setup, 5 bags of 10,000 the 10k setup.
 */
import { int, str, type Section } from '../options/index.js';
import { BAG_PROTOCOLS } from './bags.js';

export const metricSchema = {
  nb_bags: int(10, 'number of bags drawn from the evaluated split (1k setup: 10, 10k setup: 5)', { min: 1 }),
  nb_matchs_per_bag: int(1000, 'matched image-recipe pairs per bag (1k setup: 1000, 10k setup: 10000)', { min: 1 }),
  protocol: str('disjoint', "bag sampling: 'disjoint' slices of one permutation, or 'independent' random bags", {
    choices: BAG_PROTOCOLS,
  }),
  seed: int(null, 'bag sampling seed; null: the protocol default (disjoint 1338, independent 1234)', { nullable: true }),
} satisfies Section;
