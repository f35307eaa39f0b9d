/**
 * Embeddings on disk: what `recipe1m eval` and `recipe1m extract` write and
 * what `recipe1m search` / `serve` and the notebooks read.
 *
 * Layout, in the experiment folder (`<dir>`):
 *
 *     <dir>/embeddings_<split>/
 *       recipes.f32   raw float32, little-endian, row-major [recipeCount, dim]:
 *                     row i is the embedding of recipe recipeIds[i]
 *       images.f32    the same [imageCount, dim]: row j is the embedding of
 *                     photo imageIds[j], a photo of recipe imageRecipeRows[j]
 *       recipes.npy   the same matrices as NumPy files (NPY format 1.0:
 *       images.npy    float32 '<f4', C order, shapes (recipeCount, dim) and
 *                     (imageCount, dim))
 *       ids.csv       row,recipe_id,image_id: one line per row of recipes.npy,
 *                     image_id the photo evaluation pairs it with ('' for a
 *                     recipe without a photo); quoted where an id holds a
 *                     comma, a quote or a line break
 *       image_ids.csv row,image_id,recipe_row: one line per row of images.npy
 *       index.json    { format: "recipe1m-embeddings", version: 2, split,
 *                       count, recipeCount, imageCount, dim, covers,
 *                       dtype: "float32", byteOrder: "little",
 *                       files: { recipes, images }, interchange: { recipes,
 *                       images, ids, imageIds }, recipeIds, imageIds,
 *                       imageRecipeRows, checkpoint, source?, createdAt,
 *                       metric? }
 *
 * In Python, one line each:
 *
 *     numpy.load(f"{folder}/recipes.npy")          # or mmap_mode="r" for large splits
 *     pandas.read_csv(f"{folder}/ids.csv", dtype=str, keep_default_na=False)
 *
 * (dtype=str and keep_default_na=False keep ids such as "000123" or "NA"
 * as written.) NPY rather than Arrow IPC: numpy reads it with nothing else
 * installed, memory-maps it, and torch.from_numpy takes the result; pandas
 * would need pyarrow for Arrow, which Debian does not package. The .npy
 * files repeat the .f32 ones (twice the disk: about 400 MB more for
 * Recipe1M's test pairs at 1024-d, three times that with every recipe and
 * photo) so that plain-float32 readers keep working; this module reads the
 * .f32 files.
 *
 * The first `count` rows of both files are the split's pairs, in the order
 * of the prepared split (row i = the split's recipe i, and image row i its
 * photo that evaluation uses, the fixed choice): the rows evaluation ranks.
 * The bags of the logged metrics are lists of these row numbers, drawn by
 * lib/metrics/bags.ts from `metric` (the experiment's model.metric options
 * when the file was written: nb_bags, nb_matchs_per_bag, protocol, and
 * seed, the protocol's default filled in), so the metrics logged for the
 * checkpoint are those of these rows: scripts/embedding_metrics.py
 * recomputes them with numpy.
 *
 * `covers` says what follows. 'pairs' (what `recipe1m eval` writes): nothing,
 * recipeCount = imageCount = count. 'split' (what `recipe1m extract`
 * writes): the split's text-only recipes (store order, rows count ..
 * recipeCount - 1 of recipes.f32) and the pairs' other photos (rows count ..
 * imageCount - 1 of images.f32), so that search ranks every recipe and
 * every photo. `source` names what the rows were computed from (the
 * checkpoint's save, the prepared store, the options that shape them):
 * `extract` reuses an evaluation's pair rows only when it is the same.
 *
 * Rows are stored as the model produced them (L2-normalised by the model's
 * heads); readers must not assume more. The pairs alone:
 * `numpy.load(f"{folder}/recipes.npy")[:count]`.
 *
 * Writing is atomic per file (temporary file + rename) and durable. index.json is
 * removed first and written last, so a reader never takes a half-written
 * set, or an old index over new matrices, for a complete one.
 */
import { closeSync, fsyncSync, openSync, promises as fs, renameSync, rmSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { BAG_PROTOCOLS, type MetricOptions } from '../metrics/index.js';
import { fsyncDir, writeFileAtomic } from '../util/atomic_write.js';

export const EMBEDDINGS_FORMAT = 'recipe1m-embeddings';
/** 2: the text-only recipes and every photo after the pairs' rows (covers, recipeCount, imageCount, imageRecipeRows, source). */
export const EMBEDDINGS_VERSION = 2;

/** What the rows were computed from: a set is reused only for the same. */
export interface EmbeddingsSource {
  /** The checkpoint save's token (its model, optimizer and engine files carry it): equal tokens, equal weights. */
  checkpointToken: string;
  /** The prepared store's inputsFingerprint (manifest.json). */
  store: string;
  /** A hash of the options that shape the rows: the network, the batch limits, the evaluation's image choice (misc.seed). */
  settings: string;
}

/**
 * What the writers hand over: one split's pairs (row i of `recipes` and of
 * `images` belonging to pair i) and, for a set that covers the split, the
 * rest.
 */
export interface Embeddings {
  split: string;
  dim: number;
  recipeIds: string[];
  imageIds: string[];
  /** [count, dim] row-major: the pairs' recipes. */
  recipes: Float32Array;
  /** [count, dim] row-major: the pairs' photos, evaluation's choice. */
  images: Float32Array;
  /** Which checkpoint produced them (a file name or path, for people). */
  checkpoint: string;
  /** The evaluation protocol the experiment logs its metrics with (bags over the pair rows). */
  metric?: EmbeddingsMetric;
  source?: EmbeddingsSource;
  /** The split's recipes without a photo, in store order. With `otherImages`: a set that covers the split. */
  textOnly?: { recipeIds: string[]; recipes: Float32Array };
  /** The pairs' other photos, each with the pair row of its recipe. */
  otherImages?: { imageIds: string[]; recipeRows: ArrayLike<number>; images: Float32Array };
}

/** model.metric, resolved (the protocol's default seed filled in): what draws the bags of the logged metrics. */
export type EmbeddingsMetric = Omit<MetricOptions, 'seed' | 'dot'> & { seed: number };

export type EmbeddingsCoverage = 'pairs' | 'split';

/** What index.json holds. */
export interface EmbeddingsIndex {
  format: typeof EMBEDDINGS_FORMAT;
  version: number;
  split: string;
  /** Pairs: the first `count` rows of both files. */
  count: number;
  recipeCount: number;
  imageCount: number;
  dim: number;
  covers: EmbeddingsCoverage;
  dtype: 'float32';
  byteOrder: 'little';
  files: { recipes: string; images: string };
  /** The same rows for other tools: NPY matrices and the ids as CSV. */
  interchange: { recipes: string; images: string; ids: string; imageIds: string };
  recipeIds: string[];
  imageIds: string[];
  /** The recipe row of each image row (row j for j < count). */
  imageRecipeRows: number[];
  checkpoint: string;
  source?: EmbeddingsSource;
  createdAt: string;
  metric?: EmbeddingsMetric;
}

/** The pairs of a set as read back: row i of `recipes` and `images` is pair i (the rows the metrics rank). */
export type LoadedEmbeddings = Pick<Embeddings, 'split' | 'dim' | 'recipeIds' | 'imageIds' | 'recipes' | 'images' | 'checkpoint' | 'metric'> & { createdAt: string };

/** A set as read back: its pairs (views into `all`), and every row it holds. */
export interface ExtractedEmbeddings extends LoadedEmbeddings {
  covers: EmbeddingsCoverage;
  source?: EmbeddingsSource;
  /** Every row: the pairs' first, then (covers 'split') the text-only recipes and the other photos. */
  all: { recipeIds: string[]; recipes: Float32Array; imageIds: string[]; imageRecipeRows: Int32Array; images: Float32Array };
}

const RECIPES_FILE = 'recipes.f32';
const IMAGES_FILE = 'images.f32';
const INDEX_FILE = 'index.json';
const RECIPES_NPY = 'recipes.npy';
const IMAGES_NPY = 'images.npy';
const IDS_CSV = 'ids.csv';
const IMAGE_IDS_CSV = 'image_ids.csv';

/** The folder that holds one split's embeddings. */
export function embeddingsDir(dir: string, split: string): string {
  return path.join(dir, `embeddings_${split}`);
}

function validate(e: Embeddings): void {
  if (!/^[A-Za-z0-9_-]+$/.test(e.split)) throw new Error(`writeEmbeddings: split '${e.split}' is not a plain name`);
  if (!Number.isInteger(e.dim) || e.dim < 1) throw new Error(`writeEmbeddings: dim must be a positive integer, got ${e.dim}`);
  const count = e.recipeIds.length;
  if (e.imageIds.length !== count) {
    throw new Error(`writeEmbeddings: ${count} recipe ids but ${e.imageIds.length} image ids`);
  }
  if ((e.textOnly === undefined) !== (e.otherImages === undefined)) throw new Error('writeEmbeddings: textOnly and otherImages go together (a set that covers the split)');
  const matrices: Array<[string, Float32Array, number]> = [['recipes', e.recipes, count], ['images', e.images, count]];
  if (e.textOnly) matrices.push(['textOnly.recipes', e.textOnly.recipes, e.textOnly.recipeIds.length]);
  if (e.otherImages) {
    const o = e.otherImages;
    matrices.push(['otherImages.images', o.images, o.imageIds.length]);
    if (o.recipeRows.length !== o.imageIds.length) throw new Error(`writeEmbeddings: ${o.imageIds.length} other image ids but ${o.recipeRows.length} recipe rows`);
    for (let j = 0; j < o.recipeRows.length; j++) {
      const r = o.recipeRows[j];
      if (!Number.isInteger(r) || r < 0 || r >= count) throw new Error(`writeEmbeddings: other image ${o.imageIds[j]} names recipe row ${r}, not a pair row in [0, ${count})`);
    }
  }
  for (const [name, m, rows] of matrices) {
    if (m.length !== rows * e.dim) {
      throw new Error(`writeEmbeddings: ${name} has ${m.length} values, expected count*dim = ${rows}*${e.dim} = ${rows * e.dim}`);
    }
  }
}

/** The bytes of a float32 array in little-endian order, without a copy on little-endian hosts. */
function littleEndianBytes(a: Float32Array): Uint8Array {
  if (endianness() === 'LE') return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(a.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat32(i * 4, a[i], true);
  return out;
}

/**
 * The NPY 1.0 header of a little-endian float32 C-order [rows, cols] array:
 * magic, version, header length (uint16 LE), then the dict padded with
 * spaces and ended by a newline so that the data starts at a multiple of 64.
 */
export function npyHeader(rows: number, cols: number): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const out = new Uint8Array(total);
  out.set([0x93, ...Buffer.from('NUMPY', 'ascii'), 1, 0], 0);
  new DataView(out.buffer).setUint16(8, total - 10, true);
  out.fill(0x20, 10, total - 1);
  out.set(Buffer.from(dict, 'ascii'), 10);
  out[total - 1] = 0x0a;
  return out;
}

/** One CSV field (RFC 4180): quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** ids.csv: the header line, then row,recipe_id,image_id per recipe row (image_id '' past the pairs' rows). */
export function idsCsv(recipeIds: readonly string[], imageIds: readonly string[]): string {
  const lines = recipeIds.map((id, row) => `${row},${csvField(id)},${csvField(imageIds[row] ?? '')}`);
  return ['row,recipe_id,image_id', ...lines, ''].join('\n');
}

/** image_ids.csv: the header line, then row,image_id,recipe_row per image row. */
function imageIdsCsv(imageIds: readonly string[], recipeRows: readonly number[]): string {
  const lines = imageIds.map((id, row) => `${row},${csvField(id)},${recipeRows[row]}`);
  return ['row,image_id,recipe_row', ...lines, ''].join('\n');
}

let temporaries = 0;

/** Writes `head` then the matrices one after the other into `file`, atomically and durably, without joining them in memory. */
function writeMatricesAtomic(file: string, parts: Float32Array[], head: Uint8Array = new Uint8Array(0)): void {
  const tmp = `${file}.tmp-${process.pid}-${temporaries++}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      for (const bytes of [head, ...parts.map(littleEndianBytes)]) {
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, Math.min(1 << 30, bytes.length - at));
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(path.dirname(file));
}

/** Writes `<dir>/embeddings_<split>/` (see the file header for the layout). */
export async function writeEmbeddings(dir: string, e: Embeddings): Promise<void> {
  validate(e);
  const out = embeddingsDir(dir, e.split);
  await fs.mkdir(out, { recursive: true });
  await fs.rm(path.join(out, INDEX_FILE), { force: true });
  fsyncDir(out);
  const count = e.recipeIds.length;
  const textOnly = e.textOnly ?? { recipeIds: [], recipes: new Float32Array(0) };
  const other = e.otherImages ?? { imageIds: [], recipeRows: [], images: new Float32Array(0) };
  const recipes = [e.recipes, textOnly.recipes];
  const images = [e.images, other.images];
  const recipeIds = [...e.recipeIds, ...textOnly.recipeIds];
  const imageIds = [...e.imageIds, ...other.imageIds];
  const imageRecipeRows = [...Array(count).keys(), ...Array.from(other.recipeRows)];
  writeMatricesAtomic(path.join(out, RECIPES_FILE), recipes);
  writeMatricesAtomic(path.join(out, IMAGES_FILE), images);
  writeMatricesAtomic(path.join(out, RECIPES_NPY), recipes, npyHeader(recipeIds.length, e.dim));
  writeMatricesAtomic(path.join(out, IMAGES_NPY), images, npyHeader(imageIds.length, e.dim));
  writeFileAtomic(path.join(out, IDS_CSV), idsCsv(recipeIds, e.imageIds));
  writeFileAtomic(path.join(out, IMAGE_IDS_CSV), imageIdsCsv(imageIds, imageRecipeRows));
  const index: EmbeddingsIndex = {
    format: EMBEDDINGS_FORMAT,
    version: EMBEDDINGS_VERSION,
    split: e.split,
    count,
    recipeCount: recipeIds.length,
    imageCount: imageIds.length,
    dim: e.dim,
    covers: e.textOnly ? 'split' : 'pairs',
    dtype: 'float32',
    byteOrder: 'little',
    files: { recipes: RECIPES_FILE, images: IMAGES_FILE },
    interchange: { recipes: RECIPES_NPY, images: IMAGES_NPY, ids: IDS_CSV, imageIds: IMAGE_IDS_CSV },
    recipeIds,
    imageIds,
    imageRecipeRows,
    checkpoint: e.checkpoint,
    ...(e.source ? { source: e.source } : {}),
    createdAt: new Date().toISOString(),
    ...(e.metric ? { metric: e.metric } : {}),
  };
  writeFileAtomic(path.join(out, INDEX_FILE), JSON.stringify(index));
}

/** Whether a complete set exists (its index.json is written last). */
export async function hasEmbeddings(dir: string, split: string): Promise<boolean> {
  try {
    await fs.access(path.join(embeddingsDir(dir, split), INDEX_FILE));
    return true;
  } catch {
    return false;
  }
}

const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;

function parseIndex(file: string, text: string): EmbeddingsIndex {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${(err as Error).message})`);
  }
  const x = raw as Partial<EmbeddingsIndex>;
  if (x.format !== EMBEDDINGS_FORMAT) throw new Error(`${file}: format is '${String(x.format)}', expected '${EMBEDDINGS_FORMAT}'`);
  if (x.version !== EMBEDDINGS_VERSION) {
    throw new Error(`${file}: version ${String(x.version)} is not supported (this build reads version ${EMBEDDINGS_VERSION}; run \`recipe1m extract\` again)`);
  }
  for (const key of ['count', 'recipeCount', 'imageCount'] as const) if (!isCount(x[key])) throw new Error(`${file}: bad ${key} ${String(x[key])}`);
  const count = x.count as number;
  if ((x.recipeCount as number) < count || (x.imageCount as number) < count) throw new Error(`${file}: recipeCount and imageCount must be at least count = ${count}`);
  if (!Number.isInteger(x.dim) || (x.dim as number) < 1) throw new Error(`${file}: bad dim ${String(x.dim)}`);
  if (x.covers !== 'pairs' && x.covers !== 'split') throw new Error(`${file}: covers must be 'pairs' or 'split', got ${JSON.stringify(x.covers)}`);
  if (x.covers === 'pairs' && (x.recipeCount !== count || x.imageCount !== count)) throw new Error(`${file}: a set that covers the pairs holds count = ${count} rows of each`);
  for (const [key, n] of [['recipeIds', x.recipeCount], ['imageIds', x.imageCount], ['imageRecipeRows', x.imageCount]] as const) {
    const list = x[key];
    if (!Array.isArray(list) || list.length !== n) {
      throw new Error(`${file}: ${key} must list ${n} entries, got ${Array.isArray(list) ? list.length : typeof list}`);
    }
  }
  const rows = x.imageRecipeRows as number[];
  const badRow = rows.findIndex((r, j) => (j < count ? r !== j : !Number.isInteger(r) || r < 0 || r >= count));
  if (badRow >= 0) throw new Error(`${file}: imageRecipeRows[${badRow}] = ${String(rows[badRow])} is not ${badRow < count ? badRow : `a pair row in [0, ${count})`}`);
  const m = x.metric;
  if (m !== undefined && !(typeof m === 'object' && m !== null && [m.nb_bags, m.nb_matchs_per_bag, m.seed].every(Number.isInteger) && BAG_PROTOCOLS.includes(m.protocol))) {
    throw new Error(`${file}: metric must be {nb_bags, nb_matchs_per_bag, protocol, seed}, got ${JSON.stringify(m)}`);
  }
  const s = x.source;
  if (s !== undefined && !(typeof s === 'object' && s !== null && [s.checkpointToken, s.store, s.settings].every((v) => typeof v === 'string'))) {
    throw new Error(`${file}: source must be {checkpointToken, store, settings}, got ${JSON.stringify(s)}`);
  }
  if (x.dtype !== 'float32' || x.byteOrder !== 'little') {
    throw new Error(`${file}: dtype/byteOrder ${String(x.dtype)}/${String(x.byteOrder)} not supported (float32/little)`);
  }
  return x as EmbeddingsIndex;
}

/** Reads one [count, dim] matrix, checking its size first. */
async function readMatrix(file: string, count: number, dim: number): Promise<Float32Array> {
  const expected = count * dim * 4;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${file} is missing (run \`recipe1m extract\` again)`);
    throw err;
  }
  try {
    const { size } = await handle.stat();
    if (size !== expected) {
      throw new Error(
        `${file} has ${size} bytes, expected count*dim*4 = ${count}*${dim}*4 = ${expected} (truncated or from another run: run \`recipe1m extract\` again)`,
      );
    }
    const out = new Float32Array(count * dim);
    const bytes = new Uint8Array(out.buffer);
    // One read call is capped near 2 GiB; read in chunks.
    const chunk = 1 << 30;
    for (let at = 0; at < expected; ) {
      const { bytesRead } = await handle.read(bytes, at, Math.min(chunk, expected - at), at);
      if (bytesRead === 0) throw new Error(`${file}: unexpected end of file at byte ${at} of ${expected}`);
      at += bytesRead;
    }
    if (endianness() !== 'LE') {
      const view = new DataView(out.buffer);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
    }
    return out;
  } finally {
    await handle.close();
  }
}

/** Reads the index.json of `<dir>/embeddings_<split>/`; errors name the missing or inconsistent file. */
export async function readEmbeddingsIndex(dir: string, split: string): Promise<EmbeddingsIndex> {
  const indexFile = path.join(embeddingsDir(dir, split), INDEX_FILE);
  let text: string;
  try {
    text = await fs.readFile(indexFile, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${indexFile} is missing: no complete embeddings for split '${split}' (run \`recipe1m extract\`)`);
    }
    throw err;
  }
  const index = parseIndex(indexFile, text);
  if (index.split !== split) throw new Error(`${indexFile}: holds split '${index.split}', expected '${split}'`);
  return index;
}

/** Reads `<dir>/embeddings_<split>/`; errors name the missing or inconsistent file. */
export async function readEmbeddings(dir: string, split: string): Promise<ExtractedEmbeddings> {
  const folder = embeddingsDir(dir, split);
  const index = await readEmbeddingsIndex(dir, split);
  // The file names are fixed by this format version; index.files documents them for other readers.
  const recipes = await readMatrix(path.join(folder, RECIPES_FILE), index.recipeCount, index.dim);
  const images = await readMatrix(path.join(folder, IMAGES_FILE), index.imageCount, index.dim);
  const pairValues = index.count * index.dim;
  return {
    split: index.split,
    dim: index.dim,
    recipeIds: index.recipeIds.slice(0, index.count),
    imageIds: index.imageIds.slice(0, index.count),
    recipes: recipes.subarray(0, pairValues),
    images: images.subarray(0, pairValues),
    checkpoint: index.checkpoint,
    createdAt: index.createdAt,
    ...(index.metric ? { metric: index.metric } : {}),
    covers: index.covers,
    ...(index.source ? { source: index.source } : {}),
    all: { recipeIds: index.recipeIds, recipes, imageIds: index.imageIds, imageRecipeRows: Int32Array.from(index.imageRecipeRows), images },
  };
}
