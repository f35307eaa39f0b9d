/**
 * Extracted embeddings on disk: what `recipe1m extract` writes and what
 * `recipe1m search` / `serve` read.
 *
 * Layout, in the experiment folder (`<dir>`):
 *
 *     <dir>/embeddings_<split>/
 *       recipes.f32   raw float32, little-endian, row-major [count, dim]:
 *                     row i is the embedding of recipe recipeIds[i]
 *       images.f32    same shape: row i is the embedding of image imageIds[i],
 *                     the photo of recipe recipeIds[i] (one image per recipe,
 *                     the evaluation's fixed choice)
 *       recipes.npy   the same matrices as NumPy files (NPY format 1.0:
 *       images.npy    float32 '<f4', C order, shape (count, dim))
 *       ids.csv       row,recipe_id,image_id: one line per row, quoted where
 *                     an id holds a comma, a quote or a line break
 *       index.json    { format: "recipe1m-embeddings", version: 1, split,
 *                       count, dim, dtype: "float32", byteOrder: "little",
 *                       files: { recipes, images }, interchange: { recipes,
 *                       images, ids }, recipeIds, imageIds, checkpoint,
 *                       createdAt, metric? }
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
 * files repeat the .f32 ones (twice the disk: 2·count·dim·4 bytes more,
 * about 400 MB for Recipe1M's test split at 1024-d) so that readers of
 * version 1 keep working; this module reads the .f32 files.
 *
 * Rows are in the order of the prepared split (row i = the split's recipe
 * i), which is also the order the evaluation ranks: the bags of the
 * logged metrics are lists of row numbers, drawn by lib/metrics/bags.ts
 * from `metric` (the experiment's model.metric options when the file was
 * written: nb_bags, nb_matchs_per_bag, protocol, and seed, the protocol's
 * default filled in). So the metrics logged for the checkpoint are those of
 * these rows: scripts/embedding_metrics.py recomputes them with numpy.
 *
 * Rows are stored as the model produced them (L2-normalised by the model's
 * heads); readers must not assume more.
 *
 * Writing is atomic per file (temporary file + rename). index.json is
 * removed first and written last, so a reader never takes a half-written
 * set, or an old index over new matrices, for a complete one.
 */
import { promises as fs } from 'node:fs';
import { endianness } from 'node:os';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic_write.js';

export const EMBEDDINGS_FORMAT = 'recipe1m-embeddings';
export const EMBEDDINGS_VERSION = 1;

/** One split's embeddings, both modalities, row i of each belonging to pair i. */
export interface Embeddings {
  split: string;
  dim: number;
  recipeIds: string[];
  imageIds: string[];
  /** [count, dim] row-major. */
  recipes: Float32Array;
  /** [count, dim] row-major. */
  images: Float32Array;
  /** Which checkpoint produced them (a file name or path, for people). */
  checkpoint: string;
  /** The evaluation protocol the experiment logs its metrics with (bags over these rows). */
  metric?: EmbeddingsMetric;
}

/** model.metric, resolved: what draws the bags of the logged metrics. */
export interface EmbeddingsMetric {
  nb_bags: number;
  nb_matchs_per_bag: number;
  protocol: string;
  seed: number;
}

/** What index.json holds. */
export interface EmbeddingsIndex {
  format: typeof EMBEDDINGS_FORMAT;
  version: number;
  split: string;
  count: number;
  dim: number;
  dtype: 'float32';
  byteOrder: 'little';
  files: { recipes: string; images: string };
  /** The same rows for other tools: NPY matrices and the ids as CSV (absent in folders written before). */
  interchange?: { recipes: string; images: string; ids: string };
  recipeIds: string[];
  imageIds: string[];
  checkpoint: string;
  createdAt: string;
  metric?: EmbeddingsMetric;
}

export interface LoadedEmbeddings extends Embeddings {
  createdAt: string;
}

const RECIPES_FILE = 'recipes.f32';
const IMAGES_FILE = 'images.f32';
const INDEX_FILE = 'index.json';
const RECIPES_NPY = 'recipes.npy';
const IMAGES_NPY = 'images.npy';
const IDS_CSV = 'ids.csv';

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
  for (const [name, m] of [['recipes', e.recipes], ['images', e.images]] as const) {
    if (m.length !== count * e.dim) {
      throw new Error(`writeEmbeddings: ${name} has ${m.length} values, expected count*dim = ${count}*${e.dim} = ${count * e.dim}`);
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

/** ids.csv: the header line, then row,recipe_id,image_id per row. */
export function idsCsv(recipeIds: readonly string[], imageIds: readonly string[]): string {
  const lines = recipeIds.map((id, row) => `${row},${csvField(id)},${csvField(imageIds[row])}`);
  return ['row,recipe_id,image_id', ...lines, ''].join('\n');
}

/** Writes `<dir>/embeddings_<split>/` (see the file header for the layout). */
export async function writeEmbeddings(dir: string, e: Embeddings): Promise<void> {
  validate(e);
  const out = embeddingsDir(dir, e.split);
  await fs.mkdir(out, { recursive: true });
  await fs.rm(path.join(out, INDEX_FILE), { force: true });
  writeFileAtomic(path.join(out, RECIPES_FILE), littleEndianBytes(e.recipes));
  writeFileAtomic(path.join(out, IMAGES_FILE), littleEndianBytes(e.images));
  const count = e.recipeIds.length;
  writeFileAtomic(path.join(out, RECIPES_NPY), Buffer.concat([npyHeader(count, e.dim), littleEndianBytes(e.recipes)]));
  writeFileAtomic(path.join(out, IMAGES_NPY), Buffer.concat([npyHeader(count, e.dim), littleEndianBytes(e.images)]));
  writeFileAtomic(path.join(out, IDS_CSV), idsCsv(e.recipeIds, e.imageIds));
  const index: EmbeddingsIndex = {
    format: EMBEDDINGS_FORMAT,
    version: EMBEDDINGS_VERSION,
    split: e.split,
    count,
    dim: e.dim,
    dtype: 'float32',
    byteOrder: 'little',
    files: { recipes: RECIPES_FILE, images: IMAGES_FILE },
    interchange: { recipes: RECIPES_NPY, images: IMAGES_NPY, ids: IDS_CSV },
    recipeIds: e.recipeIds,
    imageIds: e.imageIds,
    checkpoint: e.checkpoint,
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
    throw new Error(`${file}: version ${String(x.version)} is not supported (this build reads version ${EMBEDDINGS_VERSION})`);
  }
  if (!Number.isInteger(x.count) || (x.count as number) < 0) throw new Error(`${file}: bad count ${String(x.count)}`);
  if (!Number.isInteger(x.dim) || (x.dim as number) < 1) throw new Error(`${file}: bad dim ${String(x.dim)}`);
  for (const key of ['recipeIds', 'imageIds'] as const) {
    const ids = x[key];
    if (!Array.isArray(ids) || ids.length !== x.count) {
      throw new Error(`${file}: ${key} must list count = ${x.count} ids, got ${Array.isArray(ids) ? ids.length : typeof ids}`);
    }
  }
  const m = x.metric;
  if (m !== undefined && !(typeof m === 'object' && m !== null && [m.nb_bags, m.nb_matchs_per_bag, m.seed].every(Number.isInteger) && typeof m.protocol === 'string')) {
    throw new Error(`${file}: metric must be {nb_bags, nb_matchs_per_bag, protocol, seed}, got ${JSON.stringify(m)}`);
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

/** Reads `<dir>/embeddings_<split>/`; errors name the missing or inconsistent file. */
export async function readEmbeddings(dir: string, split: string): Promise<LoadedEmbeddings> {
  const folder = embeddingsDir(dir, split);
  const indexFile = path.join(folder, INDEX_FILE);
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
  // The file names are fixed by this format version; index.files documents them for other readers.
  const recipes = await readMatrix(path.join(folder, RECIPES_FILE), index.count, index.dim);
  const images = await readMatrix(path.join(folder, IMAGES_FILE), index.count, index.dim);
  return {
    split: index.split,
    dim: index.dim,
    recipeIds: index.recipeIds,
    imageIds: index.imageIds,
    recipes,
    images,
    checkpoint: index.checkpoint,
    createdAt: index.createdAt,
    ...(index.metric ? { metric: index.metric } : {}),
  };
}
