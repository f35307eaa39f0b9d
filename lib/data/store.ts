/**
 * The prepared store: one LMDB environment per split (DIR/<split>.lmdb, a
 * directory), holding typed, versioned records:
 *  - `recipes`   uint32 index -> JSON {v, id, title, url?, classIndex, ingredients, instructions, ingredientLines, instructionTexts, imageIds, imagePaths}
 *  - `features`  image id -> float32 little-endian vector [featureDim]
 *  - `sentences` uint32 index -> float32 [nSentences, sentenceDim] (only when sentenceDim > 0)
 *  - `meta`      'schema' -> JSON {schemaVersion, split, size, featureDim, sentenceDim}; 'classes' -> int32 [size]
 * `RecipeStore` opens one split read-only; `makeBatch` pads a list of
 * recipes into an EncodedBatch; `imagePicker` chooses the image of a recipe.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { open, type Database, type RootDatabase } from 'lmdb';
import { Random } from '../util/random.js';
import { lmdbFileProblem } from './lmdb_file.js';
import { SCHEMA_VERSION, type Manifest } from './manifest.js';
import { SPLITS, type EncodedBatch, type EncodedRecipe, type Split } from './types.js';
import type { Limits } from './vocab.js';

interface RecipeRecord {
  v: number;
  id: string;
  title: string;
  url?: string;
  classIndex: number;
  ingredients: number[];
  instructions: number[][];
  ingredientLines: string[];
  instructionTexts: string[];
  imageIds: string[];
  imagePaths: string[];
}

interface StoreMeta {
  schemaVersion: number;
  split: Split;
  size: number;
  featureDim: number;
  sentenceDim: number;
}

export function storePath(dir: string, split: Split): string {
  return join(dir, `${split}.lmdb`);
}

function openEnv(path: string, readOnly: boolean): { env: RootDatabase; recipes: Database; features: Database; sentences: Database; meta: Database } {
  // Commits skip fsync (noSync): prepare writes into a staging folder, a crash means redoing it anyway, and StoreWriter.close syncs once.
  const env = open({ path, noSubdir: false, readOnly, maxDbs: 8, encoding: 'binary', noSync: !readOnly });
  return {
    env,
    recipes: env.openDB({ name: 'recipes', keyEncoding: 'uint32', encoding: 'json' }),
    features: env.openDB({ name: 'features', encoding: 'binary' }),
    sentences: env.openDB({ name: 'sentences', keyEncoding: 'uint32', encoding: 'binary' }),
    meta: env.openDB({ name: 'meta', encoding: 'binary' }),
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
  private readonly db: ReturnType<typeof openEnv>;
  private readonly classes: number[] = [];
  size = 0;
  images = 0;

  constructor(readonly path: string, readonly split: Split, readonly featureDim: number, readonly sentenceDim: number) {
    this.db = openEnv(path, false);
  }

  /** Adds recipes with their image features (each recipe's index must be this.size at the time). Synchronous transaction. */
  add(items: Array<{ recipe: EncodedRecipe; features: Map<string, Float32Array>; sentenceVectors?: Float32Array }>): void {
    this.db.env.transactionSync(() => {
      for (const { recipe, features, sentenceVectors } of items) {
        if (recipe.index !== this.size) throw new Error(`StoreWriter: recipe index ${recipe.index}, expected ${this.size}`);
        const rec: RecipeRecord = {
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
        };
        this.db.recipes.putSync(recipe.index, rec);
        for (const id of recipe.imageIds) {
          const f = features.get(id);
          if (!f || f.length !== this.featureDim) throw new Error(`StoreWriter: no ${this.featureDim}-d feature for image ${id}`);
          if (this.db.features.doesExist(id)) continue;
          this.db.features.putSync(id, f32ToBuffer(f));
          this.images++;
        }
        if (this.sentenceDim > 0) {
          if (!sentenceVectors) throw new Error(`StoreWriter: recipe ${recipe.id} has no sentence vectors`);
          this.db.sentences.putSync(recipe.index, f32ToBuffer(sentenceVectors));
        }
        this.classes.push(recipe.classIndex);
        this.size++;
      }
    });
  }

  /** Writes the meta records, flushes everything to disk (one fsync for the whole store) and closes. */
  async close(): Promise<void> {
    const meta: StoreMeta = { schemaVersion: SCHEMA_VERSION, split: this.split, size: this.size, featureDim: this.featureDim, sentenceDim: this.sentenceDim };
    this.db.env.transactionSync(() => {
      this.db.meta.putSync('schema', Buffer.from(JSON.stringify(meta)));
      this.db.meta.putSync('classes', Buffer.from(Int32Array.from(this.classes).buffer));
    });
    // lmdb's typings omit sync(callback): mdb_env_sync forced, on a worker thread.
    const env = this.db.env as unknown as { sync(done: (err?: Error) => void): void };
    await new Promise<void>((done, fail) => env.sync((err) => (err ? fail(new Error(`${this.path}: syncing the store to disk failed: ${err.message}`)) : done())));
    await this.db.env.close();
  }

  /** Discards the store without syncing it (a prepare that failed). */
  async abandon(): Promise<void> {
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
    throw new Error(`${file} has schema version ${m.schemaVersion}, this code reads version ${SCHEMA_VERSION}: ${rerun(dir)}`);
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

export class RecipeStore {
  /** Class of every recipe, by index (0 = background). */
  readonly classes: Int32Array;
  readonly featureDim: number;
  readonly sentenceDim: number;

  private constructor(
    readonly dir: string,
    readonly split: Split,
    readonly manifest: Manifest,
    readonly size: number,
    private readonly db: ReturnType<typeof openEnv>,
  ) {
    this.featureDim = manifest.featureDim;
    this.sentenceDim = manifest.sentenceDim;
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
      throw new Error(`${path} has schema version ${meta?.schemaVersion ?? 'none'}, this code reads version ${SCHEMA_VERSION}: ${rerun(preparedDir)}`);
    }
    return new RecipeStore(preparedDir, split, manifest, meta.size, db);
  }

  recipe(i: number): EncodedRecipe {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new RangeError(`RecipeStore(${this.split}).recipe: index ${i} outside [0, ${this.size})`);
    const r = this.db.recipes.get(i) as RecipeRecord | undefined;
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
    };
    if (r.url !== undefined) out.url = r.url;
    if (this.sentenceDim > 0) {
      const b = this.db.sentences.getBinary(i);
      if (b) out.sentenceVectors = bufferToF32(b);
    }
    return out;
  }

  features(imageId: string): Float32Array {
    const b = this.db.features.getBinary(imageId);
    if (!b) throw new Error(`${storePath(this.dir, this.split)}: no features for image ${imageId}`);
    return bufferToF32(b);
  }

  close(): void {
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

/**
 * Pads the recipes at `indices` into one batch, to the batch's own max
 * lengths, capped by the store's limits and by `limits` when given (the
 * `dataset.max_*` options).
 */
export function makeBatch(store: RecipeStore, indices: number[], pickImage: ImagePicker, limits: Partial<Limits> = {}): EncodedBatch {
  const B = indices.length;
  if (B === 0) throw new Error('makeBatch: empty list of indices');
  const stored = store.manifest.limits;
  const capI = Math.min(stored.maxIngredients, limits.maxIngredients ?? Infinity);
  const capS = Math.min(stored.maxSentences, limits.maxSentences ?? Infinity);
  const capW = Math.min(stored.maxWords, limits.maxWords ?? Infinity);
  const recipes = indices.map((i) => store.recipe(i));
  const maxIngredients = Math.max(1, Math.min(capI, Math.max(...recipes.map((r) => r.ingredients.length))));
  const maxSentences = Math.max(1, Math.min(capS, Math.max(...recipes.map((r) => r.instructions.length))));
  const maxWords = Math.max(1, Math.min(capW, Math.max(...recipes.map((r) => Math.max(0, ...r.instructions.map((s) => s.length))))));
  const D = store.featureDim, SD = store.sentenceDim;
  const batch: EncodedBatch = {
    size: B,
    indices: Int32Array.from(indices),
    ids: recipes.map((r) => r.id),
    classes: Int32Array.from(recipes, (r) => r.classIndex),
    ingredients: new Int32Array(B * maxIngredients),
    ingredientLengths: new Int32Array(B),
    maxIngredients,
    instructions: new Int32Array(B * maxSentences * maxWords),
    sentenceLengths: new Int32Array(B * maxSentences),
    instructionLengths: new Int32Array(B),
    maxSentences,
    maxWords,
    sentenceDim: SD,
    imageIds: [],
    imageFeatures: new Float32Array(B * D),
    featureDim: D,
  };
  if (SD > 0) batch.sentenceVectors = new Float32Array(B * maxSentences * SD);
  recipes.forEach((r, b) => {
    const nI = Math.min(maxIngredients, r.ingredients.length);
    batch.ingredients.set(r.ingredients.subarray(0, nI), b * maxIngredients);
    batch.ingredientLengths[b] = nI;
    const nS = Math.min(maxSentences, r.instructions.length);
    batch.instructionLengths[b] = nS;
    for (let s = 0; s < nS; s++) {
      const words = r.instructions[s].subarray(0, maxWords);
      batch.instructions.set(words, (b * maxSentences + s) * maxWords);
      batch.sentenceLengths[b * maxSentences + s] = words.length;
    }
    if (SD > 0 && r.sentenceVectors) batch.sentenceVectors!.set(r.sentenceVectors.subarray(0, nS * SD), b * maxSentences * SD);
    const imageId = pickImage(r);
    batch.imageIds.push(imageId);
    batch.imageFeatures.set(store.features(imageId), b * D);
  });
  return batch;
}
