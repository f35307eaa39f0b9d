/**
 * Test fixtures other test areas can import: a generated recipe1m-mini tiny
 * cookbook and its prepared store, made once and cached in the system temp
 * folder (keyed by seed and by the generator, prepare and schema versions), so later test processes reuse
 * them. Each is built in a private folder and renamed into place, so
 * concurrent test processes never see a half-written one.
 *
 *   const dir = await preparedTinyStore();          // prepared folder (manifest.json, <split>.lmdb, vocab.json)
 *   const store = RecipeStore.open(dir, 'train');
 *   const raw = await tinyRecipe1M();               // the Recipe1M-layout folder it came from
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GENERATOR_VERSION, generateCookbook } from '../../lib/data/generator/generate.js';
import { SCHEMA_VERSION } from '../../lib/data/manifest.js';
import { prepareRecipe1M } from '../../lib/data/prepare.js';
import { PREPARE_VERSION } from '../../lib/data/prepare_inputs.js';

/** Minimum word count used for the tiny fixture's vocabulary (its text is small). */
export const TINY_MIN_COUNT = 2;

const root = (seed: number) => join(tmpdir(), 'recipe1m-ts-fixtures', `tiny-seed${seed}-gen${GENERATOR_VERSION}-prep${PREPARE_VERSION}-schema${SCHEMA_VERSION}`);
const cache = new Map<string, Promise<string>>();

/** Builds `final` through `build(tmp)` unless it exists; the rename makes it appear complete or not at all. */
async function once(final: string, marker: string, build: (tmp: string) => Promise<void>): Promise<string> {
  if (existsSync(join(final, marker))) return final;
  const tmp = `${final}.building-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await mkdir(join(final, '..'), { recursive: true });
  try {
    await build(tmp);
    if (!existsSync(join(final, marker))) {
      await rm(final, { recursive: true, force: true });
      await rename(tmp, final);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return final;
}

/** The recipe1m-mini tiny cookbook (480 recipes, Recipe1M layout) for `seed`. */
export function tinyRecipe1M(seed = 1): Promise<string> {
  const key = `raw:${seed}`;
  if (!cache.has(key)) cache.set(key, once(join(root(seed), 'raw'), 'layer1.json', async (tmp) => {
    await generateCookbook({ out: tmp, size: 'tiny', seed });
  }));
  return cache.get(key)!;
}

/** The prepared store of the tiny cookbook (mini-v1 features, min count TINY_MIN_COUNT). */
export function preparedTinyStore(seed = 1): Promise<string> {
  const key = `prepared:${seed}`;
  if (!cache.has(key)) cache.set(key, tinyRecipe1M(seed).then((raw) => once(join(root(seed), 'prepared'), 'manifest.json', async (tmp) => {
    await prepareRecipe1M({ recipe1m: raw, out: tmp, minCount: TINY_MIN_COUNT, progress: false });
  })));
  return cache.get(key)!;
}
