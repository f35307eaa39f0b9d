/**
 * `recipe1m prepare`: Recipe1M layout in, one LMDB store per split out
 * (store.ts), plus vocab.json and manifest.json. Two streamed passes over
 * layer1.json: the first counts the training vocabulary, the second encodes
 * each recipe, computes its images' features in batches (the expensive step,
 * with a progress bar) and writes it. Bad records and images are skipped
 * and counted by reason, never fatal. Everything is written into a staging
 * folder inside `out` and moved into place at the end, the manifest last, so
 * a folder with a manifest is complete; a re-run whose inputs and options
 * match the manifest's fingerprint does nothing.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createBackbone } from './backbone/index.js';
import type { ImageBackbone, RawImage } from './backbone/types.js';
import { CLASS_NAMES } from './class_names.js';
import { readClassesJson, TitleClassifier } from './classes.js';
import { decodeImage } from './image_decode.js';
import { SCHEMA_VERSION, SKIP_REASONS, type Manifest, type SkipReason } from './manifest.js';
import { ProgressBar, formatDuration } from '../util/progress.js';
import { imageRelPath, openRecipe1M, recipes } from './recipe1m.js';
import { sentenceVector } from './sentence_vectors.js';
import { StoreWriter, storePath } from './store.js';
import { SPLITS, type EncodedRecipe, type Recipe, type Split } from './types.js';
import { countRecipeTokens, DEFAULT_LIMITS, encodeText, Vocabulary, type Limits } from './vocab.js';

export interface PrepareOptions {
  /** The Recipe1M folder (layer1.json, layer2.json, det_ingrs.json, images/). */
  recipe1m: string;
  /** The prepared folder to write. */
  out: string;
  /** `mini-v1` (default), `tfjs-model:<dir>[?layer=..&normalize=..]` or a model folder. Ignored with `features`. */
  backbone?: string;
  /** Keep words seen at least this often in the training text. Default 10 (Recipe1M's). */
  minCount?: number;
  /** A classes.json {recipeId: classIndex} used instead of the title rule. */
  classes?: string;
  /** Precomputed features: raw little-endian float32 matrix [nIds, D] ... */
  features?: string;
  /** ... and the image ids of its rows, one per line. */
  featureIds?: string;
  /** Length of the stored sentence vectors (sentence_vectors.ts); 0 (default) stores none. */
  sentenceDim?: number;
  limits?: Partial<Limits>;
  /** Images per backbone batch. Default 64. */
  batchSize?: number;
  /** Progress bar and summary on stderr. Default true. */
  progress?: boolean;
  /** Redo the work even when the manifest matches the inputs. */
  force?: boolean;
  /** Test hook: throw after this many recipes have been written, as a crash would. */
  abortAfterRecipes?: number;
}

export interface PrepareResult {
  manifest: Manifest;
  /** True when an up-to-date manifest was found and nothing was redone. */
  upToDate: boolean;
  seconds: number;
}

type Skips = Record<SkipReason, number>;
const noSkips = (): Skips => Object.fromEntries(SKIP_REASONS.map((r) => [r, 0])) as Skips;

const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp', 'JPG', 'JPEG', 'PNG', 'WEBP'];

/** The path of an image relative to the Recipe1M root, found whatever its extension; undefined when absent. */
export function resolveImage(root: string, partition: string, imageId: string): string | undefined {
  const direct = imageRelPath(partition, imageId);
  const dir = dirname(direct);
  if (existsSync(join(root, direct))) return direct;
  const stem = imageId.replace(/\.[A-Za-z0-9]+$/, '');
  for (const ext of IMAGE_EXTENSIONS) {
    const p = join(dir, `${stem}.${ext}`);
    if (existsSync(join(root, p))) return p;
  }
  return undefined;
}

type FeatureResult = Float32Array | 'missing' | 'undecodable';

/**
 * Where features come from, in two steps so that decoding the next batch
 * (sharp's threads) overlaps computing the current one (the main thread).
 */
interface FeatureSource {
  name: string;
  featureDim: number;
  inputSize: number;
  /** Reads the images given by (id, relative path or undefined when the file was not found). */
  load(items: Array<{ id: string; path: string | undefined }>): Promise<unknown[]>;
  /** Features of what `load` returned, in order. */
  embed(loaded: unknown[]): Promise<FeatureResult[]>;
  dispose(): void;
}

function backboneSource(backbone: ImageBackbone, root: string): FeatureSource {
  return {
    name: backbone.name,
    featureDim: backbone.featureDim,
    inputSize: backbone.inputSize,
    load(items) {
      return Promise.all(
        items.map(async (it): Promise<RawImage | 'missing' | 'undecodable'> => {
          if (it.path === undefined) return 'missing';
          try {
            return await decodeImage(join(root, it.path), backbone.inputSize);
          } catch {
            return 'undecodable';
          }
        }),
      );
    },
    async embed(loaded) {
      const decoded = loaded as Array<RawImage | 'missing' | 'undecodable'>;
      const ok = decoded.filter((d): d is RawImage => typeof d !== 'string');
      const feats = ok.length > 0 ? await backbone.embed(ok) : new Float32Array(0);
      let k = 0;
      const D = backbone.featureDim;
      return decoded.map((d) => (typeof d === 'string' ? d : feats.slice(D * k, D * ++k)));
    },
    dispose: () => backbone.dispose(),
  };
}

/** Precomputed features: a raw float32 LE matrix and its row ids (exact id, or id without extension). */
function importedSource(matrixFile: string, idsFile: string): FeatureSource {
  let ids: string[];
  try {
    ids = readFileSync(idsFile, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  } catch (err) {
    throw new Error(`cannot read feature ids ${idsFile}: ${(err as Error).message}`);
  }
  if (ids.length === 0) throw new Error(`feature ids file ${idsFile} is empty`);
  let bytes: number;
  try {
    bytes = statSync(matrixFile).size;
  } catch (err) {
    throw new Error(`cannot read features ${matrixFile}: ${(err as Error).message}`);
  }
  const D = bytes / 4 / ids.length;
  if (!Number.isInteger(D) || D < 1) {
    throw new Error(`features ${matrixFile} has ${bytes} bytes, not a float32 matrix with ${ids.length} rows (one per line of ${idsFile})`);
  }
  const row = new Map<string, number>();
  const stem = (s: string) => s.replace(/\.[A-Za-z0-9]+$/, '');
  ids.forEach((id, i) => {
    if (!row.has(id)) row.set(id, i);
    if (!row.has(stem(id))) row.set(stem(id), i);
  });
  const fd = openSync(matrixFile, 'r');
  return {
    name: `features:${resolve(matrixFile)}`,
    featureDim: D,
    inputSize: 0,
    embed: async (loaded) => loaded as FeatureResult[],
    async load(items) {
      return items.map((it): FeatureResult => {
        const r = row.get(it.id) ?? row.get(stem(it.id));
        if (r === undefined) return 'missing';
        const buf = Buffer.alloc(D * 4);
        readSync(fd, buf, 0, D * 4, r * D * 4);
        const out = new Float32Array(D);
        for (let i = 0; i < D; i++) out[i] = buf.readFloatLE(i * 4);
        return out;
      });
    },
    dispose: () => closeSync(fd),
  };
}

function fileStamp(file: string | undefined): { size: number; mtimeMs: number } | null {
  if (!file || !existsSync(file)) return null;
  const s = statSync(file);
  return { size: s.size, mtimeMs: Math.trunc(s.mtimeMs) };
}

export async function prepareRecipe1M(opts: PrepareOptions): Promise<PrepareResult> {
  const t0 = performance.now();
  const root = resolve(opts.recipe1m);
  const out = resolve(opts.out);
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(opts.limits ?? {})) if (v !== undefined) limits[k as keyof Limits] = v;
  const minCount = opts.minCount ?? 10;
  const sentenceDim = opts.sentenceDim ?? 0;
  const backboneSpec = opts.backbone ?? 'mini-v1';
  const log = (msg: string) => {
    if (opts.progress !== false) process.stderr.write(`${msg}\n`);
  };
  for (const [key, v] of Object.entries(limits)) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`prepare: ${key} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(minCount) || minCount < 1) throw new Error(`prepare: --min-count must be a positive integer, got ${minCount}`);
  if (!Number.isInteger(sentenceDim) || sentenceDim < 0) throw new Error(`prepare: --sentence-dim must be an integer >= 0, got ${sentenceDim}`);
  if ((opts.features === undefined) !== (opts.featureIds === undefined)) throw new Error('prepare: --features and --feature-ids go together');
  if (!existsSync(root)) throw new Error(`Recipe1M folder ${root} not found`);
  if (resolve(root) === out) throw new Error(`prepare: --out must differ from the Recipe1M folder (${root})`);

  const files = { layer1: join(root, 'layer1.json'), layer2: join(root, 'layer2.json'), detIngrs: join(root, 'det_ingrs.json') };
  const fingerprint = createHash('sha256').update(JSON.stringify({
    schemaVersion: SCHEMA_VERSION,
    root,
    files: Object.fromEntries(Object.entries({ ...files, classes: opts.classes, features: opts.features, featureIds: opts.featureIds }).map(([k, f]) => [k, fileStamp(f)])),
    options: { backbone: opts.features ? null : backboneSpec, minCount, limits, sentenceDim, classes: opts.classes ? resolve(opts.classes) : null },
  })).digest('hex');
  const manifestFile = join(out, 'manifest.json');
  if (!opts.force && existsSync(manifestFile)) {
    try {
      const old = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
      if (old.schemaVersion === SCHEMA_VERSION && old.inputsFingerprint === fingerprint && SPLITS.every((s) => existsSync(join(storePath(out, s), 'data.mdb')))) {
        log(`prepare: ${out} is up to date with ${root} (same inputs and options); nothing to do`);
        return { manifest: old, upToDate: true, seconds: (performance.now() - t0) / 1000 };
      }
    } catch {
      // An unreadable manifest is redone.
    }
  }

  const source = await openRecipe1M(root);
  const classesById = opts.classes ? readClassesJson(opts.classes) : undefined;
  const classifier = new TitleClassifier(CLASS_NAMES);
  const classOf = (r: Recipe) => (classesById ? (classesById.get(r.id) ?? 0) : classifier.classify(r.title));

  // Pass 1: vocabulary from the training text; image count for the progress bar.
  const counts = new Map<string, number>();
  let totalImages = 0;
  for await (const r of recipes(source, false)) {
    if (r.partition === 'train') countRecipeTokens(r, counts);
    totalImages += r.imageIds.length;
  }
  const vocab = Vocabulary.fromCounts(counts, minCount);
  log(`prepare: vocabulary of ${vocab.size} tokens (min count ${minCount}) from the training text of ${root}`);

  const features = opts.features ? importedSource(opts.features, opts.featureIds!) : backboneSource(await createBackbone(backboneSpec), root);
  await mkdir(out, { recursive: true });
  for (const name of readdirSync(out)) if (name.startsWith('.prepare-staging-')) await rm(join(out, name), { recursive: true, force: true });
  const staging = join(out, `.prepare-staging-${process.pid}`);
  await mkdir(staging, { recursive: true });
  const writers = Object.fromEntries(SPLITS.map((s) => [s, new StoreWriter(storePath(staging, s), s, features.featureDim, sentenceDim)])) as Record<Split, StoreWriter>;
  const skipped = noSkips();
  const skippedBySplit = Object.fromEntries(SPLITS.map((s) => [s, noSkips()])) as Record<Split, Skips>;
  const skip = (split: Split, reason: SkipReason, n = 1) => {
    skipped[reason] += n;
    skippedBySplit[split][reason] += n;
  };
  const bar = new ProgressBar(`prepare: image features (${features.name})`, totalImages, { enabled: opts.progress !== false, rateUnit: 'images' });
  const batchSize = opts.batchSize ?? 64;
  let written = 0;

  interface Pending { recipe: Recipe; ingredients: Int32Array; instructions: Int32Array[] }
  let chunk: Pending[] = [];
  let chunkImages = 0;
  // One batch is decoded while the previous one is embedded and written.
  let inflight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const batch = chunk;
    chunk = [];
    chunkImages = 0;
    if (batch.length === 0) return;
    const items = batch.flatMap((p) => p.recipe.imageIds.map((id) => ({ id, path: resolveImage(root, p.recipe.partition, id) })));
    const loading = features.load(items);
    const previous = inflight;
    inflight = previous.then(async () => write(batch, items, await features.embed(await loading)));
    inflight.catch(() => {}); // awaited below or at the next flush; this only keeps Node from calling it unhandled
    await previous;
  };
  const write = (batch: Pending[], items: Array<{ id: string; path: string | undefined }>, results: FeatureResult[]) => {
    bar.add(items.length);
    let k = 0;
    const bySplit = new Map<Split, Array<{ recipe: EncodedRecipe; features: Map<string, Float32Array>; sentenceVectors?: Float32Array }>>();
    for (const p of batch) {
      const split = p.recipe.partition;
      const feats = new Map<string, Float32Array>();
      const imageIds: string[] = [];
      const imagePaths: string[] = [];
      for (const id of p.recipe.imageIds) {
        const item = items[k], res = results[k++];
        if (res === 'missing') skip(split, 'missingImage');
        else if (res === 'undecodable') skip(split, 'undecodableImage');
        else if (!feats.has(id)) {
          feats.set(id, res);
          imageIds.push(id);
          imagePaths.push(item.path ?? imageRelPath(split, id));
        }
      }
      if (imageIds.length === 0) {
        skip(split, 'noImage');
        continue;
      }
      const list = bySplit.get(split) ?? [];
      bySplit.set(split, list);
      const index = writers[split].size + list.length;
      const encoded: EncodedRecipe = {
        index, id: p.recipe.id, title: p.recipe.title, classIndex: classOf(p.recipe),
        ingredients: p.ingredients, instructions: p.instructions,
        ingredientLines: p.recipe.ingredients, instructionTexts: p.recipe.instructions, imageIds, imagePaths,
      };
      if (p.recipe.url !== undefined) encoded.url = p.recipe.url;
      let sentenceVectors: Float32Array | undefined;
      if (sentenceDim > 0) {
        sentenceVectors = new Float32Array(p.instructions.length * sentenceDim);
        p.instructions.forEach((s, j) => sentenceVectors!.set(sentenceVector(s, sentenceDim), j * sentenceDim));
      }
      list.push({ recipe: encoded, features: feats, sentenceVectors });
    }
    for (const [split, list] of bySplit) {
      writers[split].add(list);
      written += list.length;
      if (opts.abortAfterRecipes !== undefined && written >= opts.abortAfterRecipes) throw new Error(`prepare: aborted after ${written} recipes (test hook)`);
    }
  };

  try {
    // Pass 2: encode, featurise, write.
    for await (const r of recipes(source, true)) {
      const { ingredients, instructions } = encodeText(r, vocab, limits);
      if (ingredients.length === 0) skip(r.partition, 'noIngredients');
      else if (instructions.length === 0) skip(r.partition, 'noInstructions');
      else if (r.imageIds.length === 0) skip(r.partition, 'noImage');
      else {
        chunk.push({ recipe: r, ingredients, instructions });
        chunkImages += r.imageIds.length;
        if (chunkImages >= batchSize) await flush();
      }
    }
    await flush();
    await inflight;
    bar.end();
  } catch (err) {
    await inflight.catch(() => {});
    await Promise.allSettled(SPLITS.map((s) => writers[s].close()));
    features.dispose();
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
  features.dispose();
  for (const s of SPLITS) await writers[s].close();
  const malformed = source.malformed.layer1 + source.malformed.layer2 + source.malformed.detIngrs;
  skipped.malformedRecord = malformed;

  const manifest: Manifest = {
    schemaVersion: SCHEMA_VERSION,
    createdBy: 'recipe1m-ts prepare',
    source: root,
    inputsFingerprint: fingerprint,
    splits: Object.fromEntries(SPLITS.map((s) => [s, { recipes: writers[s].size, images: writers[s].images, pairs: writers[s].size }])) as Manifest['splits'],
    vocabSize: vocab.size,
    minCount,
    classNames: classNamesFor(classesById),
    classSource: classesById ? 'classes.json' : 'titles',
    backbone: { name: features.name, featureDim: features.featureDim, inputSize: features.inputSize },
    featureDim: features.featureDim,
    sentenceDim,
    limits,
    skipped,
    skippedBySplit,
  };
  // Commit: the old manifest goes first, the new one last.
  await writeFile(join(staging, 'vocab.json'), `${JSON.stringify({ minCount, size: vocab.size, words: vocab.tokens })}\n`);
  await writeFile(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await rm(manifestFile, { force: true });
  for (const s of SPLITS) {
    await rm(storePath(out, s), { recursive: true, force: true });
    await rename(storePath(staging, s), storePath(out, s));
  }
  await rename(join(staging, 'vocab.json'), join(out, 'vocab.json'));
  await rename(join(staging, 'manifest.json'), manifestFile);
  await rm(staging, { recursive: true, force: true });
  const seconds = (performance.now() - t0) / 1000;
  log(summaryLine(manifest, seconds));
  return { manifest, upToDate: false, seconds };
}

function classNamesFor(classesById: Map<string, number> | undefined): string[] {
  const names = [...CLASS_NAMES];
  if (classesById) {
    let max = 0;
    for (const c of classesById.values()) max = Math.max(max, c);
    for (let i = names.length; i <= max; i++) names.push(`class_${i}`);
  }
  return names;
}

export function summaryLine(m: Manifest, seconds: number): string {
  const splits = SPLITS.map((s) => `${s} ${m.splits[s].recipes} recipes/${m.splits[s].images} images`).join(', ');
  const skips = SKIP_REASONS.map((r) => `${r} ${m.skipped[r]}`).join(', ');
  return `prepare: done in ${formatDuration(seconds)}: ${splits}; vocabulary ${m.vocabSize}; features ${m.backbone.name} (${m.featureDim}-d); skipped: ${skips}`;
}
