/**
 * All recipes of a Recipe1M-layout folder in memory, or a seeded uniform
 * sample of them (reservoir sampling over the stream): full Recipe1M is
 * ~1M recipes, more than a notebook wants to hold as objects.
 */
import { openRecipe1M, recipes } from '../data/recipe1m.js';
import type { Recipe } from '../data/types.js';
import { Random } from '../util/random.js';

export async function readRecipes(dir: string, sample?: { size: number; seed: number }): Promise<Recipe[]> {
  const source = await openRecipe1M(dir);
  const out: Recipe[] = [];
  const rng = sample ? new Random(sample.seed) : undefined;
  let seen = 0;
  for await (const r of recipes(source)) {
    seen++;
    if (!sample || out.length < sample.size) out.push(r);
    else {
      const j = (rng as Random).int(seen);
      if (j < sample.size) out[j] = r;
    }
  }
  return out;
}
