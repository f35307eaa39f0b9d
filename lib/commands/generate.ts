/**
 * `recipe1m generate --out DIR [--size tiny|small|medium|large] [--seed N] [--recipes N]`:
 * writes the recipe1m-mini cookbook in Recipe1M's layout (lib/data/generator).
 */
import { commandFlags } from './flags.js';
import { generateCookbook, MINI_SIZES, type MiniSize } from '../data/generator/generate.js';
import { ProgressBar } from '../util/progress.js';

const USAGE = `usage: recipe1m generate --out DIR [--size tiny|small|medium|large] [--seed N] [--recipes N]
  --out DIR      folder to write (layer1.json, layer2.json, det_ingrs.json, images/)
  --size NAME    ${Object.entries(MINI_SIZES).map(([k, v]) => `${k} (${v} recipes)`).join(', ')}; default small
  --seed N       default 1338; the same seed writes the same bytes
  --recipes N    exact number of recipes (overrides --size)`;

export async function run(argv: string[]): Promise<number> {
  const values = commandFlags(argv, { out: { kind: 'string' }, size: { kind: 'string' }, seed: { kind: 'string' }, recipes: { kind: 'string' } }, USAGE);
  if (values === null) return 0;
  if (!values.out) throw new Error(`--out is required\n${USAGE}`);
  const size = (values.size ?? 'small') as MiniSize;
  if (!(size in MINI_SIZES)) throw new Error(`--size must be one of ${Object.keys(MINI_SIZES).join(', ')}, got '${values.size}'`);
  const seed = values.seed === undefined ? 1338 : Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got '${values.seed}'`);
  const recipes = values.recipes === undefined ? undefined : Number(values.recipes);
  if (recipes !== undefined && (!Number.isInteger(recipes) || recipes < 1)) throw new Error(`--recipes must be a positive integer, got '${values.recipes}'`);
  const bar = new ProgressBar('generate', recipes ?? MINI_SIZES[size], { rateUnit: 'recipes' });
  const s = await generateCookbook({
    out: values.out,
    size,
    seed,
    recipes,
    onProgress: (done) => bar.update(done),
  });
  bar.end();
  console.log(`generate: ${s.recipes} recipes, ${s.images} images (pairs: train ${s.pairs.train}, val ${s.pairs.val}, test ${s.pairs.test}) in ${s.seconds.toFixed(1)} s -> ${values.out}`);
  return 0;
}
