/** `miner: semi_hard`: keeps the triplets whose negative lies farther from the anchor than the positive, d(a, n) > d(a, p). */
import { isFarther } from '../distances/distance.js';
import type { Miner, Triplets } from './miner.js';

export const semiHard: Miner = (t: Triplets, distances, distance): Triplets => {
  const d = distances.dataSync();
  const keep: number[] = [];
  for (let m = 0; m < t.anchors.length; m++) if (isFarther(distance, d[t.negatives[m]], d[t.positives[m]])) keep.push(m);
  const pick = (x: Int32Array) => Int32Array.from(keep, (m) => x[m]);
  return { anchors: pick(t.anchors), positives: pick(t.positives), negatives: pick(t.negatives), size: t.size };
};
