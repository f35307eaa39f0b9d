/**
 * `recipe1m prepare`: Recipe1M layout in, one LMDB store per split out
 * (store.ts), plus vocab.json and manifest.json. Two streamed passes over
 * layer1.json: the first counts the training vocabulary, the second encodes
 * each recipe, computes its images' features in batches (the expensive step,
 * with a progress bar) and writes it: a recipe with a usable photo as a
 * pair, one without as a text-only recipe (searchable, never trained on).
 * Bad records and images are skipped and counted by reason, never fatal; a
 * repeated recipe id keeps its first record. The output folder is created and checked writable before any
 * input is read. Everything is written into a staging folder inside `out`,
 * synced to disk and moved into place at the end, the manifest last, so a
 * folder with a manifest is complete. A re-run whose inputs (by content:
 * prepare_inputs.ts) and options match the manifest's does nothing, and one
 * that redoes the work says why.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fsyncDir, writeFileAtomic } from '../util/atomic_write.js';
import { ProgressBar, formatDuration } from '../util/progress.js';
import { createBackbone } from './backbone/index.js';
import type { ImageBackbone, RawImage } from './backbone/types.js';
import { CLASS_NAMES } from './class_names.js';
import { readClassesJson, TitleClassifier } from './classes.js';
import { decodeImage } from './image_decode.js';
import { lmdbFileProblem } from './lmdb_file.js';
import { SCHEMA_VERSION, SKIP_REASONS, type FieldCoverage, type Manifest, type PrepareInputs, type SkipReason, type TokenCoverage } from './manifest.js';
import { createOutputFolder } from './output_folder.js';
import {
  PREPARE_VERSION, backboneIdentity, inputsFingerprint, retimedInputs, staleReasons, stampInputs, type InputFiles, type InputStamps,
} from './prepare_inputs.js';
import { imageRelPath, layer1Entries, openRecipe1M, recipes } from './recipe1m.js';
import { sentenceVector } from './sentence_vectors.js';
import { StoreWriter, featuresPath, storePath, type StoreItem } from './store.js';
import { words } from './text.js';
import { SPLITS, type Recipe, type Split } from './types.js';
import { countRecipeTokens, DEFAULT_LIMITS, defaultMinCount, encodeText, UNK, Vocabulary, type Limits } from './vocab.js';
import { writeVocab } from './vocab_file.js';

export interface PrepareOptions {
  /** The Recipe1M folder (layer1.json, layer2.json, det_ingrs.json, images/). */
  recipe1m: string;
  /** The prepared folder to write. */
  out: string;
  /** `mini-v1` (default), `tfjs-model:<dir>[?layer=..&normalize=..]` or a model folder. Ignored with `features`. */
  backbone?: string;
  /** Keep words seen at least this often in the training text. Default: vocab.ts `defaultMinCount` (10 on Recipe1M). */
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
  /** Why the work was done (empty when up to date): "layer1.json changed size (...)", "--force was given", ... */
  reasons: string[];
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

/** Below this share of known tokens in a field the model reads, prepare warns. */
export const COVERAGE_WARNING = 0.9;

/** The recorded manifest of `out` and why it does not fit the inputs now (no reasons: up to date). */
async function checkPrepared(out: string, wanted: Omit<PrepareInputs, 'files'>, files: InputFiles): Promise<{ reasons: string[]; old?: Manifest; now?: PrepareInputs }> {
  const manifestFile = join(out, 'manifest.json');
  if (!existsSync(manifestFile)) return { reasons: [`${manifestFile} does not exist (never prepared, or an earlier prepare was interrupted)`] };
  let old: Manifest;
  try {
    old = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  } catch (err) {
    return { reasons: [`${manifestFile} is damaged (${(err as Error).message})`] };
  }
  if (old.schemaVersion !== SCHEMA_VERSION) return { reasons: [`${manifestFile} has schema version ${old.schemaVersion}, this code writes ${SCHEMA_VERSION}`] };
  if (!old.inputs) return { reasons: [`${manifestFile} was written by an older prepare, which recorded no content fingerprint`] };
  const now: PrepareInputs = { ...wanted, files: await stampInputs(files, old.inputs.files) };
  const reasons = staleReasons(old.inputs, now);
  for (const split of SPLITS) {
    const file = join(storePath(out, split), 'data.mdb');
    if (!existsSync(file)) {
      reasons.push(`${file} is missing`);
      continue;
    }
    const problem = lmdbFileProblem(file);
    if (problem) reasons.push(`${file} ${problem}`);
    else if (old.storeBytes && statSync(file).size !== old.storeBytes[split]) reasons.push(`${file} is not the size prepare wrote (${statSync(file).size}, not ${old.storeBytes[split]} bytes)`);
    const features = featuresPath(out, split);
    if (!existsSync(features)) reasons.push(`${features} is missing`);
    else if (old.featureBytes && statSync(features).size !== old.featureBytes[split]) reasons.push(`${features} is not the size prepare wrote (${statSync(features).size}, not ${old.featureBytes[split]} bytes)`);
  }
  return { reasons, old, now };
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

/** Tokens read and tokens known, per field. */
class CoverageCounter {
  private readonly counts = { ingredients: [0, 0], instructions: [0, 0], titles: [0, 0] };

  add(field: keyof TokenCoverage, ids: ArrayLike<number>): void {
    const c = this.counts[field];
    c[0] += ids.length;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== UNK) c[1]++;
  }

  result(): TokenCoverage {
    const f = ([tokens, known]: number[]): FieldCoverage => ({ tokens, known, coverage: tokens === 0 ? 1 : known / tokens });
    return { ingredients: f(this.counts.ingredients), instructions: f(this.counts.instructions), titles: f(this.counts.titles) };
  }
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

function warningsFor(m: Omit<Manifest, 'warnings'>, minCountGiven: boolean): string[] {
  const out: string[] = [];
  for (const [field, noun] of [['ingredients', 'ingredient'], ['instructions', 'instruction']] as const) {
    const c = m.tokenCoverage[field];
    if (c.tokens > 0 && c.coverage < COVERAGE_WARNING) {
      const rule = `${m.vocabSize} words seen ${m.minCount === 1 ? 'at least once' : `at least ${m.minCount} times`} in ${m.trainingTokens} training tokens${minCountGiven ? ', --min-count as given' : ''}`;
      const remedy = m.minCount > 1 ? 'a lower --min-count keeps more words' : 'these words are not in the training text at all';
      out.push(`${percent(1 - c.coverage)} of the ${noun} tokens in the stores are <unk> (vocabulary: ${rule}): ${remedy}`);
    }
  }
  const files = { layer1: 'layer1.json', layer2: 'layer2.json', detIngrs: 'det_ingrs.json' } as const;
  for (const [key, name] of Object.entries(files) as Array<[keyof typeof files, string]>) {
    const d = m.duplicates[key];
    if (d.count > 0) out.push(`${d.count} record(s) of ${name} repeat an id of an earlier record and were skipped (the first is kept): ${d.ids.join(', ')}${d.count > d.ids.length ? ', ...' : ''}`);
  }
  return out;
}

export async function prepareRecipe1M(opts: PrepareOptions): Promise<PrepareResult> {
  const t0 = performance.now();
  const root = resolve(opts.recipe1m);
  const out = resolve(opts.out);
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(opts.limits ?? {})) if (v !== undefined) limits[k as keyof Limits] = v;
  const sentenceDim = opts.sentenceDim ?? 0;
  const backboneSpec = opts.backbone ?? 'mini-v1';
  const log = (msg: string) => {
    if (opts.progress !== false) process.stderr.write(`${msg}\n`);
  };
  for (const [key, v] of Object.entries(limits)) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`prepare: ${key} must be a positive integer, got ${v}`);
  }
  if (opts.minCount !== undefined && (!Number.isInteger(opts.minCount) || opts.minCount < 1)) throw new Error(`prepare: --min-count must be a positive integer, got ${opts.minCount}`);
  if (!Number.isInteger(sentenceDim) || sentenceDim < 0) throw new Error(`prepare: --sentence-dim must be an integer >= 0, got ${sentenceDim}`);
  if ((opts.features === undefined) !== (opts.featureIds === undefined)) throw new Error('prepare: --features and --feature-ids go together');
  if (!existsSync(root)) throw new Error(`Recipe1M folder ${root} not found`);
  if (resolve(root) === out) throw new Error(`prepare: --out must differ from the Recipe1M folder (${root})`);

  const files: InputFiles = {
    layer1: join(root, 'layer1.json'), layer2: join(root, 'layer2.json'), detIngrs: join(root, 'det_ingrs.json'),
    classes: opts.classes, features: opts.features, featureIds: opts.featureIds,
  };
  const wanted: Omit<PrepareInputs, 'files'> = {
    prepareVersion: PREPARE_VERSION,
    backbone: opts.features ? null : await backboneIdentity(backboneSpec),
    options: { minCount: opts.minCount ?? 'auto', limits, sentenceDim },
  };
  const manifestFile = join(out, 'manifest.json');
  let known: Partial<InputStamps> | undefined;
  let reasons = ['--force was given'];
  if (!opts.force) {
    const check = await checkPrepared(out, wanted, files);
    if (check.reasons.length === 0 && check.old && check.now) {
      const { old, now } = check;
      const retimed = retimedInputs(old.inputs, now);
      const notes = [
        ...(retimed.length > 0 ? [`${retimed.join(', ')}: new modification time, same content`] : []),
        ...(old.source !== root ? [`the dataset moved from ${old.source}`] : []),
      ];
      if (notes.length > 0) writeFileAtomic(manifestFile, `${JSON.stringify({ ...old, source: root, inputs: now }, null, 2)}\n`);
      log(`prepare: ${out} is up to date with ${root} (same content and options; nothing to do)${notes.length > 0 ? `; manifest updated: ${notes.join('; ')}` : ''}`);
      return { manifest: { ...old, source: root, inputs: now }, upToDate: true, reasons: [], seconds: (performance.now() - t0) / 1000 };
    }
    reasons = check.reasons;
    known = check.old?.inputs?.files;
  }
  log(`prepare: preparing ${out} because ${reasons.join('; ')}`);

  // The output folder is made and proved writable before any input is read.
  createOutputFolder(out, 'prepare');
  for (const name of readdirSync(out)) if (name.startsWith('.prepare-staging-')) await rm(join(out, name), { recursive: true, force: true });
  const staging = join(out, `.prepare-staging-${process.pid}`);
  await mkdir(staging);
  let features: FeatureSource | undefined;
  let writers: Record<Split, StoreWriter> | undefined;
  try {
    const stamps = await stampInputs(files, known);
    const inputs: PrepareInputs = { ...wanted, files: stamps };
    const source = await openRecipe1M(root);
    const classesById = opts.classes ? readClassesJson(opts.classes) : undefined;
    features = opts.features ? importedSource(opts.features, opts.featureIds!) : backboneSource(await createBackbone(backboneSpec), root);
    const classifier = new TitleClassifier(CLASS_NAMES);
    const classOf = (r: Recipe) => (classesById ? (classesById.get(r.id) ?? 0) : classifier.classify(r.title));

    // Pass 1: vocabulary from the training text; image count for the progress bar.
    const counts = new Map<string, number>();
    let totalImages = 0;
    for await (const r of recipes(source, false)) {
      if (r.partition === 'train') countRecipeTokens(r, counts);
      totalImages += r.imageIds.length;
    }
    let trainingTokens = 0;
    for (const c of counts.values()) trainingTokens += c;
    const minCount = opts.minCount ?? defaultMinCount(trainingTokens);
    const vocab = Vocabulary.fromCounts(counts, minCount);
    log(`prepare: vocabulary of ${vocab.size} tokens (min count ${minCount}${opts.minCount === undefined ? `, the default for ${trainingTokens} training tokens` : ''}) from the training text of ${root}`);

    const featureSource = features;
    const stores = Object.fromEntries(SPLITS.map((s) => [s, new StoreWriter(storePath(staging, s), s, featureSource.featureDim, sentenceDim)])) as Record<Split, StoreWriter>;
    writers = stores;
    const skipped = noSkips();
    const skippedBySplit = Object.fromEntries(SPLITS.map((s) => [s, noSkips()])) as Record<Split, Skips>;
    const skip = (split: Split, reason: SkipReason, n = 1) => {
      skipped[reason] += n;
      skippedBySplit[split][reason] += n;
    };
    const coverage = new CoverageCounter();
    const bar = new ProgressBar(`prepare: image features (${featureSource.name})`, totalImages, { enabled: opts.progress !== false, rateUnit: 'images' });
    const batchSize = opts.batchSize ?? 64;
    let written = 0;

    interface Pending { recipe: Recipe; ingredients: Int32Array; instructions: Int32Array[] }
    let chunk: Pending[] = [];
    let chunkImages = 0;
    // One batch is decoded while the previous one is embedded and written.
    let inflight: Promise<void> = Promise.resolve();
    const write = (batch: Pending[], items: Array<{ id: string; path: string | undefined }>, results: FeatureResult[]) => {
      bar.add(items.length);
      let k = 0;
      const bySplit = new Map<Split, StoreItem[]>();
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
        coverage.add('ingredients', p.ingredients);
        for (const s of p.instructions) coverage.add('instructions', s);
        coverage.add('titles', words(p.recipe.title).map((w) => vocab.id(w)));
        const list = bySplit.get(split) ?? [];
        bySplit.set(split, list);
        // No usable photo: the recipe is kept text-only (the writer files it after the pairs).
        const encoded: StoreItem['recipe'] = {
          id: p.recipe.id, title: p.recipe.title, classIndex: classOf(p.recipe),
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
        stores[split].add(list);
        written += list.length;
        if (opts.abortAfterRecipes !== undefined && written >= opts.abortAfterRecipes) throw new Error(`prepare: aborted after ${written} recipes (test hook)`);
      }
    };
    const flush = async () => {
      const batch = chunk;
      chunk = [];
      chunkImages = 0;
      if (batch.length === 0) return;
      const items = batch.flatMap((p) => p.recipe.imageIds.map((id) => ({ id, path: resolveImage(root, p.recipe.partition, id) })));
      const loading = featureSource.load(items);
      const previous = inflight;
      inflight = previous.then(async () => write(batch, items, await featureSource.embed(await loading)));
      inflight.catch(() => {}); // awaited below or at the next flush; this only keeps Node from calling it unhandled
      await previous;
    };

    try {
      // Pass 2: encode, featurise, write. A repeated id keeps its first record.
      for await (const e of layer1Entries(source, true)) {
        if (e.kind === 'malformed') continue;
        const r = e.recipe;
        if (e.kind === 'duplicate') {
          skip(r.partition, 'duplicateId');
          continue;
        }
        const { ingredients, instructions } = encodeText(r, vocab, limits);
        if (ingredients.length === 0) skip(r.partition, 'noIngredients');
        else if (instructions.length === 0) skip(r.partition, 'noInstructions');
        else {
          chunk.push({ recipe: r, ingredients, instructions });
          chunkImages += r.imageIds.length;
          // Text-only recipes add no image: the recipe count bounds the chunk too.
          if (chunkImages >= batchSize || chunk.length >= 16 * batchSize) await flush();
        }
      }
      await flush();
      await inflight;
    } catch (err) {
      await inflight.catch(() => {});
      throw err;
    }
    bar.end();
    features.dispose();
    features = undefined;
    for (const s of SPLITS) await stores[s].close();
    writers = undefined;
    for (const s of SPLITS) fsyncDir(storePath(staging, s));
    skipped.malformedRecord = source.malformed.layer1 + source.malformed.layer2 + source.malformed.detIngrs;
    skipped.duplicateId += source.duplicates.layer2.count + source.duplicates.detIngrs.count;

    const body: Omit<Manifest, 'warnings'> = {
      schemaVersion: SCHEMA_VERSION,
      createdBy: 'recipe1m-ts prepare',
      source: root,
      inputsFingerprint: inputsFingerprint(inputs),
      inputs,
      splits: Object.fromEntries(SPLITS.map((s) => {
        const w = stores[s];
        return [s, { recipes: w.pairs + w.textOnly, images: w.images, pairs: w.pairs, textOnly: w.textOnly }];
      })) as Manifest['splits'],
      vocabSize: vocab.size,
      minCount,
      trainingTokens,
      tokenCoverage: coverage.result(),
      classNames: classNamesFor(classesById),
      classSource: classesById ? 'classes.json' : 'titles',
      backbone: { name: featureSource.name, featureDim: featureSource.featureDim, inputSize: featureSource.inputSize },
      featureDim: featureSource.featureDim,
      sentenceDim,
      limits,
      skipped,
      skippedBySplit,
      duplicates: source.duplicates,
      storeBytes: Object.fromEntries(SPLITS.map((s) => [s, statSync(join(storePath(staging, s), 'data.mdb')).size])) as Record<Split, number>,
      featureBytes: Object.fromEntries(SPLITS.map((s) => [s, statSync(featuresPath(staging, s)).size])) as Record<Split, number>,
    };
    const manifest: Manifest = { ...body, warnings: warningsFor(body, opts.minCount !== undefined) };
    // Commit. The old manifest goes first (the folder is then incomplete), the stores and the vocabulary next, the new manifest last;
    // each step is on disk before the next, so that after a crash or a power loss a folder with a manifest is complete.
    await rm(manifestFile, { force: true });
    fsyncDir(out);
    for (const s of SPLITS) {
      await rm(storePath(out, s), { recursive: true, force: true });
      await rename(storePath(staging, s), storePath(out, s));
    }
    writeVocab(out, vocab, minCount);
    fsyncDir(out);
    writeFileAtomic(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(staging, { recursive: true, force: true });
    const seconds = (performance.now() - t0) / 1000;
    log(summaryLine(manifest, seconds));
    for (const w of manifest.warnings) process.stderr.write(`prepare: warning: ${w}\n`);
    return { manifest, upToDate: false, reasons, seconds };
  } catch (err) {
    if (writers) await Promise.allSettled(SPLITS.map((s) => writers![s].abandon()));
    features?.dispose();
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

export function summaryLine(m: Manifest, seconds: number): string {
  const splits = SPLITS.map((s) => `${s} ${m.splits[s].recipes} recipes (${m.splits[s].pairs} with photos, ${m.splits[s].textOnly} text-only)/${m.splits[s].images} images`).join(', ');
  const skips = SKIP_REASONS.map((r) => `${r} ${m.skipped[r]}`).join(', ');
  const cov = (['ingredients', 'instructions', 'titles'] as const).map((f) => `${f} ${percent(m.tokenCoverage[f].coverage)}`).join(', ');
  return `prepare: done in ${formatDuration(seconds)}: ${splits}; vocabulary ${m.vocabSize} (min count ${m.minCount}); known tokens: ${cov}; features ${m.backbone.name} (${m.featureDim}-d); skipped: ${skips}`;
}
