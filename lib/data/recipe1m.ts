/**
 * Reading Recipe1M as its users have it on disk (docs/method.md §2.1): layer1.json
 * (recipes), layer2.json (image ids), det_ingrs.json (ingredient names, used
 * when present). Every file is streamed (stream_json.ts). A record that is
 * not what Recipe1M describes (missing id, wrong types) is skipped and
 * counted, never fatal; a file that cannot be read as a JSON array is fatal,
 * with its name.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { extractIngredientName } from './ingredients.js';
import { streamJsonArray } from './stream_json.js';
import { SPLITS, type Recipe, type Split } from './types.js';

export interface Recipe1MFiles {
  layer1: string;
  layer2: string;
  detIngrs: string;
}

/** The relative path of an image: images/<partition>/<c0>/<c1>/<c2>/<c3>/<id>. */
export function imageRelPath(partition: string, imageId: string): string {
  return join('images', partition, imageId[0], imageId[1], imageId[2], imageId[3], imageId);
}

export function recipe1mFiles(dir: string): Recipe1MFiles {
  return { layer1: join(dir, 'layer1.json'), layer2: join(dir, 'layer2.json'), detIngrs: join(dir, 'det_ingrs.json') };
}

export interface MalformedCounts {
  layer1: number;
  layer2: number;
  detIngrs: number;
}

/** How many records of a file repeated an id already seen in it, and the first few such ids. */
export interface DuplicateIds {
  count: number;
  /** At most DUPLICATE_EXAMPLES ids, in file order. */
  ids: string[];
}

export const DUPLICATE_EXAMPLES = 10;

export type DuplicateCounts = Record<keyof Recipe1MFiles, DuplicateIds>;

const noDuplicates = (): DuplicateIds => ({ count: 0, ids: [] });

function countDuplicate(d: DuplicateIds, id: string): void {
  d.count++;
  if (d.ids.length < DUPLICATE_EXAMPLES && !d.ids.includes(id)) d.ids.push(id);
}

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const isTextList = (x: unknown): x is Array<{ text: string }> =>
  Array.isArray(x) && x.every((e) => isObject(e) && typeof e.text === 'string');

/**
 * layer2.json: recipe id -> image ids. Records without a string id or an
 * images list of {id} are counted in `malformed.layer2`. A repeated id keeps
 * the first record (as layer1.json and det_ingrs.json do) and is counted in
 * `duplicates.layer2`: merging would pair a recipe with photos listed for
 * another record.
 */
export async function readLayer2(file: string, malformed: MalformedCounts, duplicates: DuplicateCounts = emptyDuplicates()): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for await (const rec of streamJsonArray(file)) {
    if (!isObject(rec) || typeof rec.id !== 'string' || rec.id === '' || !Array.isArray(rec.images)
      || !rec.images.every((im) => isObject(im) && typeof im.id === 'string' && im.id.length >= 4 && !/[/\\]/.test(im.id))) {
      malformed.layer2++;
      continue;
    }
    if (out.has(rec.id)) {
      countDuplicate(duplicates.layer2, rec.id);
      continue;
    }
    out.set(rec.id, (rec.images as Array<{ id: string }>).map((im) => im.id));
  }
  return out;
}

/** det_ingrs.json: recipe id -> the names of the ingredient lines marked valid, in order; a repeated id keeps the first record. */
export async function readDetIngrs(file: string, malformed: MalformedCounts, duplicates: DuplicateCounts = emptyDuplicates()): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for await (const rec of streamJsonArray(file)) {
    if (!isObject(rec) || typeof rec.id !== 'string' || !isTextList(rec.ingredients) || !Array.isArray(rec.valid)
      || rec.valid.length !== rec.ingredients.length || !rec.valid.every((v) => typeof v === 'boolean')) {
      malformed.detIngrs++;
      continue;
    }
    if (out.has(rec.id)) {
      countDuplicate(duplicates.detIngrs, rec.id);
      continue;
    }
    const valid = rec.valid as boolean[];
    out.set(rec.id, rec.ingredients.filter((_, i) => valid[i]).map((e) => e.text.trim().toLowerCase()).filter((t) => t !== ''));
  }
  return out;
}

/** One layer1 record as a Recipe, or undefined when it is malformed. */
export function parseLayer1Record(
  rec: unknown,
  images: ReadonlyMap<string, string[]>,
  det: ReadonlyMap<string, string[]> | undefined,
): Recipe | undefined {
  if (!isObject(rec) || typeof rec.id !== 'string' || rec.id === '') return undefined;
  if (typeof rec.partition !== 'string' || !(SPLITS as readonly string[]).includes(rec.partition)) return undefined;
  if (rec.title !== undefined && typeof rec.title !== 'string') return undefined;
  if (!isTextList(rec.ingredients) || !isTextList(rec.instructions)) return undefined;
  const ingredients = rec.ingredients.map((e) => e.text);
  const names = det?.get(rec.id) ?? ingredients.map(extractIngredientName).filter((n) => n !== '');
  return {
    id: rec.id,
    title: (rec.title as string | undefined) ?? '',
    url: typeof rec.url === 'string' ? rec.url : undefined,
    partition: rec.partition as Split,
    ingredients,
    ingredientNames: names,
    instructions: rec.instructions.map((e) => e.text.trim()).filter((t) => t !== ''),
    imageIds: images.get(rec.id) ?? [],
  };
}

export interface Recipe1MSource {
  files: Recipe1MFiles;
  images: Map<string, string[]>;
  /** Undefined when det_ingrs.json is absent (names are then extracted from the lines). */
  det: Map<string, string[]> | undefined;
  malformed: MalformedCounts;
  /** Records that repeated an id of their file (layer1's are counted by `recipes` when it counts). */
  duplicates: DuplicateCounts;
}

export function emptyDuplicates(): DuplicateCounts {
  return { layer1: noDuplicates(), layer2: noDuplicates(), detIngrs: noDuplicates() };
}

/** Reads layer2.json and det_ingrs.json (when present) of a Recipe1M folder; layer1.json is streamed later by `recipes`. */
export async function openRecipe1M(dir: string): Promise<Recipe1MSource> {
  const files = recipe1mFiles(dir);
  if (!existsSync(files.layer1)) throw new Error(`${files.layer1} not found: is ${dir} a Recipe1M folder (layer1.json, layer2.json, images/)?`);
  if (!existsSync(files.layer2)) throw new Error(`${files.layer2} not found: Recipe1M's image list is needed to pair recipes with photos`);
  const malformed: MalformedCounts = { layer1: 0, layer2: 0, detIngrs: 0 };
  const duplicates = emptyDuplicates();
  const images = await readLayer2(files.layer2, malformed, duplicates);
  const det = existsSync(files.detIngrs) ? await readDetIngrs(files.detIngrs, malformed, duplicates) : undefined;
  return { files, images, det, malformed, duplicates };
}

/** One record of layer1.json: a recipe, a malformed record, or a well-formed record whose id came earlier. */
export type Layer1Entry = { kind: 'recipe'; recipe: Recipe } | { kind: 'malformed' } | { kind: 'duplicate'; recipe: Recipe };

/**
 * Every record of layer1.json in file order. The first well-formed record of
 * an id is the recipe; a later one with the same id (in any partition) is
 * reported as a duplicate, never stored: one photo must have one matching
 * recipe. Counts go to `source.malformed.layer1` and
 * `source.duplicates.layer1` when `count` is set.
 */
export async function* layer1Entries(source: Recipe1MSource, count = true): AsyncGenerator<Layer1Entry> {
  const seen = new Set<string>();
  for await (const rec of streamJsonArray(source.files.layer1)) {
    const recipe = parseLayer1Record(rec, source.images, source.det);
    if (!recipe) {
      if (count) source.malformed.layer1++;
      yield { kind: 'malformed' };
      continue;
    }
    if (seen.has(recipe.id)) {
      if (count) countDuplicate(source.duplicates.layer1, recipe.id);
      yield { kind: 'duplicate', recipe };
      continue;
    }
    seen.add(recipe.id);
    yield { kind: 'recipe', recipe };
  }
}

/** The recipes of layer1.json in file order, each id once (the first record); see `layer1Entries`. */
export async function* recipes(source: Recipe1MSource, count = true): AsyncGenerator<Recipe> {
  for await (const e of layer1Entries(source, count)) if (e.kind === 'recipe') yield e.recipe;
}
