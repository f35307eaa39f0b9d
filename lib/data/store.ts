/**
 * The prepared store: one folder per split (DIR/<split>.lmdb) holding an
 * LMDB environment of typed, versioned records and the image features:
 *  - `recipes`   uint32 index -> JSON {v, id, title, url?, classIndex, ingredients, instructions, ingredientLines, instructionTexts, imageIds, imagePaths, imageRows}:
 *                the pairs, recipes with at least one usable photo (indices 0 .. pairs - 1)
 *  - `texts`     uint32 j -> the same JSON, imageIds empty: the text-only recipes (store index pairs + j)
 *  - `features`  image id -> uint32 row of features.f32
 *  - `sentences` uint32 index -> float32 [nSentences, sentenceDim] of pair `index` (only when sentenceDim > 0)
 *  - `textSentences` uint32 j -> the same for text-only recipe j
 *  - `meta`      'schema' -> JSON {schemaVersion, split, pairs, textOnly, images, featureDim, sentenceDim}; 'classes' -> int32 [pairs]
 *  - features.f32  float32 little-endian [images, featureDim], one row per photo, contiguous
 * The features sit in a plain file because an LMDB value of 8 KB (a 2048-d
 * vector) fills three 4 KB overflow pages: 1.5 times its size on disk. The
 * file is read with one positioned read per photo, straight into the batch.
 * `RecipeStore` opens one split read-only: indices below `size` are the
 * pairs that training and evaluation read, the text-only recipes follow;
 * `makeBatch` reads a list of pairs into a PairBatch (lib/data/batch.ts),
 * `makeRecipeBatch` the recipe side of any recipes; `imagePicker` chooses
 * the image of a recipe.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { Random } from '../util/random.js';
import { lmdbFileProblem } from './lmdb_file.js';
import { SCHEMA_VERSION, type Manifest } from './manifest.js';
import { imageBatch, pairBatch, recipeBatch, type PairBatch, type RecipeBatch } from './batch.js';
import { SPLITS, type EncodedRecipe, type Split } from './types.js';
import type { Limits } from './vocab.js';

/** A recipe as the `recipes` and `texts` databases hold it: the EncodedRecipe's fields in JSON, with the schema version and the photos' feature rows. */
type RecipeRecord = Omit<EncodedRecipe, 'index' | 'ingredients' | 'instructions' | 'imageRows' | 'sentenceVectors'> & {
  v: number;
  ingredients: number[];
  instructions: number[][];
  /** Row of each photo in features.f32. */
  imageRows: number[];
};

interface StoreMeta {
  schemaVersion: number;
  split: Split;
  pairs: number;
  textOnly: number;
  images: number;
  featureDim: number;
  sentenceDim: number;
}

/** What StoreWriter.add takes: a recipe (its index is where the writer puts it), its photos' features, its sentence vectors. */
export interface StoreItem {
  recipe: Omit<EncodedRecipe, 'index'>;
  features: Map<string, Float32Array>;
  sentenceVectors?: Float32Array;
}

export function storePath(dir: string, split: Split): string {
  return join(dir, `${split}.lmdb`);
}

/** The features file of a split's store. */
export function featuresPath(dir: string, split: Split): string {
  return join(storePath(dir, split), FEATURES_FILE);
}

const FEATURES_FILE = 'features.f32';

// Features are read and written as the machine's float32 bytes, which the layout says are little-endian.
function requireLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('prepared stores hold little-endian float32 features; this machine is big-endian');
}

interface Env {
  env: RootDatabase;
  recipes: Database;
  texts: Database;
  features: Database;
  sentences: Database;
  textSentences: Database;
  meta: Database;
}

/**
 * LMDB's page size for new stores. A record that does not fit in half a
 * page goes to overflow pages of its own, rounded up to whole pages: with
 * 4 KB pages a recipe of 2.1 KB took 4 KB. With 16 KB pages recipe records
 * (about 1.5 KB of JSON on Recipe1M-shaped text) mostly share leaf pages:
 * measured on 21,022 such records, 37 MB instead of 61 MB. Readers take
 * the page size from the file.
 */
const PAGE_SIZE = 16384;

function openEnv(path: string, readOnly: boolean): Env {
  // Commits skip fsync (noSync): prepare writes into a staging folder, a crash means redoing it anyway, and StoreWriter.close syncs once.
  const env = open({ path, noSubdir: false, readOnly, maxDbs: 8, encoding: 'binary', noSync: !readOnly, ...(readOnly ? {} : { pageSize: PAGE_SIZE }) });
  return {
    env,
    recipes: env.openDB({ name: 'recipes', keyEncoding: 'uint32', encoding: 'json' }),
    texts: env.openDB({ name: 'texts', keyEncoding: 'uint32', encoding: 'json' }),
    features: env.openDB({ name: 'features', encoding: 'binary' }),
    sentences: env.openDB({ name: 'sentences', keyEncoding: 'uint32', encoding: 'binary' }),
    textSentences: env.openDB({ name: 'textSentences', keyEncoding: 'uint32', encoding: 'binary' }),
    meta: env.openDB({ name: 'meta', encoding: 'binary' }),
  };
}

function recordOf(recipe: Omit<EncodedRecipe, 'index'>, imageRows: number[]): RecipeRecord {
  return {
    v: SCHEMA_VERSION,
    id: recipe.id,
    title: recipe.title,
    url: recipe.url,
    classIndex: recipe.classIndex,
    ingredients: Array.from(recipe.ingredients),
    instructions: recipe.instructions.map((s) => Array.from(s)),
    ingredientLines: recipe.ingredientLines,
    instructionTexts: recipe.instructionTexts,
    imageIds: recipe.imageIds,
    imagePaths: recipe.imagePaths,
    imageRows,
  };
}

const f32ToBuffer = (x: Float32Array): Buffer => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
function bufferToF32(b: Buffer): Float32Array {
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Writes one split's store; used by prepare, inside its staging folder. */
export class StoreWriter {
  private readonly db: Env;
  private readonly featuresFd: number;
  private readonly classes: number[] = [];
  /** Recipes with a usable photo written so far. */
  pairs = 0;
  /** Recipes without one written so far. */
  textOnly = 0;
  images = 0;

  constructor(readonly path: string, readonly split: Split, readonly featureDim: number, readonly sentenceDim: number) {
    requireLittleEndian();
    this.db = openEnv(path, false);
    this.featuresFd = openSync(join(path, FEATURES_FILE), 'w');
  }

  /**
   * Adds recipes, in one synchronous transaction: a recipe with photos (and
   * their features) becomes the next pair, one without the next text-only
   * recipe.
   */
  add(items: StoreItem[]): void {
    const rows: Float32Array[] = [];
    this.db.env.transactionSync(() => {
      for (const { recipe, features, sentenceVectors } of items) {
        if (this.sentenceDim > 0 && !sentenceVectors) throw new Error(`StoreWriter: recipe ${recipe.id} has no sentence vectors`);
        const pair = recipe.imageIds.length > 0;
        const key = pair ? this.pairs : this.textOnly;
        const imageRows = recipe.imageIds.map((id) => {
          const f = features.get(id);
          if (!f || f.length !== this.featureDim) throw new Error(`StoreWriter: no ${this.featureDim}-d feature for image ${id}`);
          // A photo listed twice in the split keeps its first row.
          const known = this.db.features.getBinary(id);
          if (known) return known.readUInt32LE(0);
          const row = Buffer.alloc(4);
          row.writeUInt32LE(this.images);
          this.db.features.putSync(id, row);
          rows.push(f);
          return this.images++;
        });
        (pair ? this.db.recipes : this.db.texts).putSync(key, recordOf(recipe, imageRows));
        if (this.sentenceDim > 0) (pair ? this.db.sentences : this.db.textSentences).putSync(key, f32ToBuffer(sentenceVectors!));
        if (!pair) {
          this.textOnly++;
          continue;
        }
        this.classes.push(recipe.classIndex);
        this.pairs++;
      }
    });
    if (rows.length === 0) return;
    const bytes = Buffer.concat(rows.map(f32ToBuffer));
    for (let at = 0; at < bytes.length; ) at += writeSync(this.featuresFd, bytes, at);
  }

  /** Writes the meta records, flushes everything to disk (one fsync for the whole store) and closes. */
  async close(): Promise<void> {
    const meta: StoreMeta = {
      schemaVersion: SCHEMA_VERSION, split: this.split, pairs: this.pairs, textOnly: this.textOnly, images: this.images, featureDim: this.featureDim, sentenceDim: this.sentenceDim,
    };
    this.db.env.transactionSync(() => {
      this.db.meta.putSync('schema', Buffer.from(JSON.stringify(meta)));
      this.db.meta.putSync('classes', Buffer.from(Int32Array.from(this.classes).buffer));
    });
    fsyncSync(this.featuresFd);
    closeSync(this.featuresFd);
    // lmdb's typings omit sync(callback): mdb_env_sync forced, on a worker thread.
    const env = this.db.env as unknown as { sync(done: (err?: Error) => void): void };
    await new Promise<void>((done, fail) => env.sync((err) => (err ? fail(new Error(`${this.path}: syncing the store to disk failed: ${err.message}`)) : done())));
    await this.db.env.close();
  }

  /** Discards the store without syncing it (a prepare that failed). */
  async abandon(): Promise<void> {
    closeSync(this.featuresFd);
    await this.db.env.close();
  }
}

const rerun = (dir: string) => `re-run \`recipe1m prepare --recipe1m <Recipe1M dir> --out ${dir}\``;

/** Reads the manifest of a prepared folder; a missing, unreadable, damaged or other-version manifest is an error naming the file and saying to re-run prepare. */
export function readManifest(dir: string): Manifest {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) {
    throw new Error(`no prepared store at ${dir} (${file} is missing, or an earlier prepare was interrupted): run \`recipe1m prepare --recipe1m <Recipe1M dir> --out ${dir}\``);
  }
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  } catch (err) {
    throw new Error(`${file} is damaged (${(err as Error).message}): ${rerun(dir)}`);
  }
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new Error(`${file} is not a prepare manifest (not a JSON object): ${rerun(dir)}`);
  if (m.schemaVersion !== SCHEMA_VERSION) {
    throw new Error(`${dir} was prepared with schema version ${m.schemaVersion} (${file}); this code reads version ${SCHEMA_VERSION}: ${rerun(dir)}`);
  }
  const missing = (['splits', 'featureDim', 'sentenceDim', 'limits', 'classNames', 'backbone'] as const).filter((k) => m[k] === undefined || m[k] === null);
  if (missing.length > 0 || SPLITS.some((s) => typeof m.splits[s]?.recipes !== 'number')) {
    throw new Error(`${file} is not a complete prepare manifest (${missing.length > 0 ? `no ${missing.join(', ')}` : 'split counts missing'}): ${rerun(dir)}`);
  }
  return m;
}

/** Refuses a store file that cannot be mapped safely: truncated (LMDB would die of SIGBUS), not LMDB, or of another size than prepare wrote. */
function checkStoreFile(preparedDir: string, split: Split, manifest: Manifest): void {
  const file = join(storePath(preparedDir, split), 'data.mdb');
  const problem = lmdbFileProblem(file);
  if (problem) throw new Error(`${file} ${problem}: the ${split} store is damaged; ${rerun(preparedDir)}`);
  const written = manifest.storeBytes?.[split];
  const size = statSync(file).size;
  if (written !== undefined && size !== written) {
    throw new Error(`${file} is ${size} bytes, the manifest says prepare wrote ${written}: the ${split} store is damaged or comes from another prepare; ${rerun(preparedDir)}`);
  }
}

/** Refuses a features file that is missing or of another size than prepare wrote (a truncated one would read short rows). */
function checkFeaturesFile(preparedDir: string, split: Split, manifest: Manifest, meta: StoreMeta): void {
  const file = featuresPath(preparedDir, split);
  if (!existsSync(file)) throw new Error(`${file} is missing: the ${split} store is incomplete; ${rerun(preparedDir)}`);
  const size = statSync(file).size;
  const rows = meta.images * manifest.featureDim * 4;
  const written = manifest.featureBytes?.[split];
  if (size !== rows || (written !== undefined && size !== written)) {
    throw new Error(
      `${file} is ${size} bytes, but the store holds ${meta.images} photos of ${manifest.featureDim} float32 features (${rows} bytes)` +
        `${written !== undefined && written !== rows ? ` and the manifest says prepare wrote ${written}` : ''}: the ${split} store is damaged or comes from another prepare; ${rerun(preparedDir)}`,
    );
  }
}

export class RecipeStore {
  /** Class of every pair, by index (0 = background): what the training sampler reads. */
  readonly classes: Int32Array;
  readonly featureDim: number;
  readonly sentenceDim: number;
  /** Recipes without a usable photo, at indices size .. recipeCount - 1. */
  readonly textOnly: number;
  /** Every recipe of the split: size + textOnly. */
  readonly recipeCount: number;
  /** Photos (feature vectors) in the store. */
  readonly images: number;

  /**
   * `size` is the number of pairs (recipes with a photo, indices 0 ..
   * size - 1): what training and evaluation read.
   */
  private constructor(
    readonly dir: string,
    readonly split: Split,
    readonly manifest: Manifest,
    readonly size: number,
    meta: StoreMeta,
    private readonly db: Env,
    private readonly featuresFd: number,
  ) {
    this.featureDim = manifest.featureDim;
    this.sentenceDim = manifest.sentenceDim;
    this.textOnly = meta.textOnly;
    this.recipeCount = size + meta.textOnly;
    this.images = meta.images;
    const classes = db.meta.getBinary('classes');
    this.classes = classes ? bufferToI32(classes) : new Int32Array(size);
  }

  /** Opens DIR/<split>.lmdb read-only. Missing store or a schema mismatch: an error naming the path and saying to re-run prepare. */
  static open(preparedDir: string, split: Split): RecipeStore {
    const manifest = readManifest(preparedDir);
    const path = storePath(preparedDir, split);
    if (!existsSync(join(path, 'data.mdb'))) {
      throw new Error(`no ${split} store at ${path} (${join(path, 'data.mdb')} is missing): ${rerun(preparedDir)}`);
    }
    checkStoreFile(preparedDir, split, manifest);
    const db = openEnv(path, true);
    const raw = db.meta.getBinary('schema');
    let meta: StoreMeta | undefined;
    try {
      meta = raw ? (JSON.parse(raw.toString('utf8')) as StoreMeta) : undefined;
    } catch {
      meta = undefined;
    }
    if (!meta || meta.schemaVersion !== SCHEMA_VERSION) {
      void db.env.close();
      throw new Error(`${path} was prepared with schema version ${meta?.schemaVersion ?? 'none'}; this code reads version ${SCHEMA_VERSION}: ${rerun(preparedDir)}`);
    }
    let fd: number;
    try {
      requireLittleEndian();
      checkFeaturesFile(preparedDir, split, manifest, meta);
      fd = openSync(featuresPath(preparedDir, split), 'r');
    } catch (err) {
      void db.env.close();
      throw err;
    }
    return new RecipeStore(preparedDir, split, manifest, meta.pairs, meta, db, fd);
  }

  /** Recipe `i`: a pair below `size`, a text-only recipe (no imageIds) from `size` on. */
  recipe(i: number): EncodedRecipe {
    if (!Number.isInteger(i) || i < 0 || i >= this.recipeCount) throw new RangeError(`RecipeStore(${this.split}).recipe: index ${i} outside [0, ${this.recipeCount})`);
    const pair = i < this.size;
    const key = pair ? i : i - this.size;
    const r = (pair ? this.db.recipes : this.db.texts).get(key) as RecipeRecord | undefined;
    if (!r || r.v !== SCHEMA_VERSION) throw new Error(`${storePath(this.dir, this.split)}: recipe ${i} is missing or of another version: re-run \`recipe1m prepare\``);
    const out: EncodedRecipe = {
      index: i,
      id: r.id,
      title: r.title,
      classIndex: r.classIndex,
      ingredients: Int32Array.from(r.ingredients),
      instructions: r.instructions.map((s) => Int32Array.from(s)),
      ingredientLines: r.ingredientLines,
      instructionTexts: r.instructionTexts,
      imageIds: r.imageIds,
      imagePaths: r.imagePaths,
      imageRows: r.imageRows,
    };
    if (r.url !== undefined) out.url = r.url;
    if (this.sentenceDim > 0) {
      const b = (pair ? this.db.sentences : this.db.textSentences).getBinary(key);
      if (b) out.sentenceVectors = bufferToF32(b);
    }
    return out;
  }

  /** The features of a photo of this split, as a new array [featureDim]. */
  features(imageId: string): Float32Array {
    const out = new Float32Array(this.featureDim);
    this.readFeatures(imageId, out, 0);
    return out;
  }

  /** Reads the features of a photo into `into` at element `at`. */
  readFeatures(imageId: string, into: Float32Array, at: number): void {
    const b = this.db.features.getBinary(imageId);
    if (!b) throw new Error(`${storePath(this.dir, this.split)}: no features for image ${imageId}`);
    this.readFeatureRow(b.readUInt32LE(0), into, at);
  }

  /** Reads row `row` of features.f32 (EncodedRecipe.imageRows) into `into` at element `at`: one positioned read, no copy in between. */
  readFeatureRow(row: number, into: Float32Array, at: number): void {
    if (!Number.isInteger(row) || row < 0 || row >= this.images) throw new RangeError(`RecipeStore(${this.split}): feature row ${row} outside [0, ${this.images})`);
    const bytes = this.featureDim * 4;
    const read = readSync(this.featuresFd, into, at * 4, bytes, row * bytes);
    if (read !== bytes) throw new Error(`${featuresPath(this.dir, this.split)}: short read of row ${row} (${read} of ${bytes} bytes): ${rerun(this.dir)}`);
  }

  close(): void {
    closeSync(this.featuresFd);
    void this.db.env.close();
  }
}

function bufferToI32(b: Buffer): Int32Array {
  const out = new Int32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

/** Chooses which image of a recipe a batch uses. */
export type ImagePicker = (recipe: EncodedRecipe) => string;

function hashString(s: string, seed: number): number {
  let h = (seed ^ 0x811c9dc5) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * 'random': a fresh draw per call from Random(seed) (training);
 * 'fixed': a choice that depends only on (seed, recipe id), whatever the batch (evaluation).
 */
export function imagePicker(mode: 'random' | 'fixed', seed: number): ImagePicker {
  if (mode === 'random') {
    const rng = new Random(seed);
    return (r) => r.imageIds[rng.int(r.imageIds.length)];
  }
  return (r) => r.imageIds[hashString(r.id, seed) % r.imageIds.length];
}

/** The caps of a store's batches: the store's own limits, lowered by `limits` (the `dataset.max_*` options). */
function batchCaps(store: RecipeStore, limits: Partial<Limits>): Limits {
  const stored = store.manifest.limits;
  return {
    maxIngredients: Math.min(stored.maxIngredients, limits.maxIngredients ?? Infinity),
    maxSentences: Math.min(stored.maxSentences, limits.maxSentences ?? Infinity),
    maxWords: Math.min(stored.maxWords, limits.maxWords ?? Infinity),
  };
}

function recipesAt(store: RecipeStore, indices: number[], caller: string): EncodedRecipe[] {
  if (indices.length === 0) throw new Error(`${caller}: empty list of indices`);
  return indices.map((i) => store.recipe(i));
}

/**
 * The pairs at `indices`, each recipe with the photo `pickImage` chooses,
 * padded to the batch's own max lengths, capped by the store's limits and
 * by `limits` when given (the `dataset.max_*` options). Every recipe must
 * be a pair.
 */
export function makeBatch(store: RecipeStore, indices: number[], pickImage: ImagePicker, limits: Partial<Limits> = {}): PairBatch {
  const recipes = recipesAt(store, indices, 'makeBatch');
  const D = store.featureDim;
  const features = new Float32Array(recipes.length * D);
  const imageIds = recipes.map((r, b) => {
    if (r.imageIds.length === 0) {
      throw new Error(`makeBatch: recipe ${r.index} (${r.id}) of the ${store.split} store has no photo (text-only recipes are at indices >= ${store.size}); a batch with images takes pairs only`);
    }
    const imageId = pickImage(r);
    store.readFeatureRow(r.imageRows?.[r.imageIds.indexOf(imageId)] ?? -1, features, b * D);
    return imageId;
  });
  return pairBatch(recipeBatch(recipes, batchCaps(store, limits), store.sentenceDim), imageBatch(features, D), {
    indices,
    ids: recipes.map((r) => r.id),
    classes: recipes.map((r) => r.classIndex),
    imageIds,
  });
}

/** The recipe side alone of the recipes at `indices`, pairs or text-only (the way text-only recipes are encoded), with their ids; padded as makeBatch pads. */
export function makeRecipeBatch(store: RecipeStore, indices: number[], limits: Partial<Limits> = {}): RecipeBatch & { ids: string[] } {
  const recipes = recipesAt(store, indices, 'makeRecipeBatch');
  return { ...recipeBatch(recipes, batchCaps(store, limits), store.sentenceDim), ids: recipes.map((r) => r.id) };
}
