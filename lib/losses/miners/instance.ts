/** The candidates of IRR/RII (docs/method.md §4.2): anchor i, its own match i, every other item j ≠ i as a negative. */
import { tripletsOf, type Triplets } from './miner.js';

export function instanceTriplets(size: number): Triplets {
  const a: number[] = [];
  const p: number[] = [];
  const n: number[] = [];
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (j === i) continue;
      a.push(i);
      p.push(i * size + i);
      n.push(i * size + j);
    }
  }
  return tripletsOf(a, p, n, size);
}
