/**
 * `recipe1m generate`: writes the recipe1m-mini cookbook in Recipe1M's
 * layout (layer1.json, layer2.json, det_ingrs.json, images/<partition>/
 * <c0>/<c1>/<c2>/<c3>/<id>). Recipes are made one at a time from (seed,
 * index) and streamed out with back-pressure, so memory stays flat whatever
 * the size; the same seed gives the same bytes.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import sharp from 'sharp';
import { Random } from '../../util/random.js';
import { createOutputFolder } from '../output_folder.js';
import { fsyncDir } from '../../util/atomic_write.js';
import { imageRelPath } from '../recipe1m.js';
import { makeRecipe, mix32, type MiniRecipe } from './recipes.js';
import { IMAGE_SIZE, renderScene } from './render.js';

export type MiniSize = 'tiny' | 'small' | 'medium' | 'large';

/**
 * Bump when the generator's output for a seed changes (caches of generated
 * data key on it). 2: background titles avoid class names in the singular
 * and the plural (the title rule of classes.ts matches both).
 */
export const GENERATOR_VERSION = 2;

/** Recipes per size. Test pairs (recipes with photos in test) ≈ 0.15 × 0.92 × recipes. */
export const MINI_SIZES: Record<MiniSize, number> = { tiny: 480, small: 16_000, medium: 80_000, large: 400_000 };

export interface GenerateOptions {
  out: string;
  size?: MiniSize;
  /** Overrides the size's recipe count (tests). */
  recipes?: number;
  seed?: number;
  /** Called every few hundred recipes with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Test hook: writes one file's bytes (default: write, then fsync); a test makes it stop half-way, as a kill would. */
  writeBytes?: (path: string, bytes: Uint8Array) => Promise<void>;
}

/** The files whose presence makes a folder a complete cookbook; written last, layer1.json the very last. */
export const COOKBOOK_FILES = ['det_ingrs.json', 'layer2.json', 'layer1.json'] as const;

async function writeAndSync(path: string, bytes: Uint8Array): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncFile(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export interface GenerateSummary {
  recipes: number;
  images: number;
  /** Recipes with at least one image, per partition. */
  pairs: { train: number; val: number; test: number };
  seconds: number;
}

class JsonArrayWriter {
  private first = true;
  private readonly stream: WriteStream;
  constructor(readonly file: string) {
    this.stream = createWriteStream(file);
    this.stream.write('[\n');
  }
  async push(value: unknown): Promise<void> {
    const ok = this.stream.write(`${this.first ? '' : ',\n'}${JSON.stringify(value)}`);
    this.first = false;
    if (!ok) await once(this.stream, 'drain');
  }
  async close(): Promise<void> {
    this.stream.end('\n]\n');
    await once(this.stream, 'finish');
  }
}

async function encode(rgb: Uint8Array, ext: 'jpg' | 'png' | 'webp'): Promise<Buffer> {
  const img = sharp(rgb, { raw: { width: IMAGE_SIZE, height: IMAGE_SIZE, channels: 3 } });
  if (ext === 'png') return img.png({ compressionLevel: 6 }).toBuffer();
  if (ext === 'webp') return img.webp({ quality: 88 }).toBuffer();
  return img.jpeg({ quality: 88 }).toBuffer();
}

export { imageRelPath };

export async function generateCookbook(opts: GenerateOptions): Promise<GenerateSummary> {
  const t0 = performance.now();
  const seed = opts.seed ?? 1338;
  const total = opts.recipes ?? MINI_SIZES[opts.size ?? 'small'];
  if (!Number.isInteger(total) || total < 1) throw new Error(`generate: recipe count must be a positive integer, got ${total}`);
  const out = resolve(opts.out);
  createOutputFolder(out, 'generate');
  // A folder is a complete cookbook when its JSON files exist. They are removed first (a rewrite that stops must not look
  // complete), written under temporary names, and renamed into place only after every photo, layer1.json last.
  for (const name of COOKBOOK_FILES) await rm(join(out, name), { force: true });
  fsyncDir(out);
  const writeBytes = opts.writeBytes ?? writeAndSync;
  const tmp = (name: string) => join(out, `${name}.partial`);
  const layer1 = new JsonArrayWriter(tmp('layer1.json'));
  const layer2 = new JsonArrayWriter(tmp('layer2.json'));
  const detIngrs = new JsonArrayWriter(tmp('det_ingrs.json'));
  const madeDirs = new Set<string>();
  const pending = new Set<Promise<void>>();
  const summary: GenerateSummary = { recipes: total, images: 0, pairs: { train: 0, val: 0, test: 0 }, seconds: 0 };
  let failure: Error | undefined;

  const writeImage = async (r: MiniRecipe, k: number): Promise<void> => {
    const image = r.images[k];
    const rel = imageRelPath(r.partition, image.id);
    const dir = join(out, rel, '..');
    const rgb = renderScene(r.scene, new Random(mix32(k, mix32(parseInt(image.id.slice(0, 8), 16), seed))));
    const bytes = await encode(rgb, image.ext);
    if (!madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      madeDirs.add(dir);
    }
    // Each photo appears at its final path whole or not at all: written and synced under a temporary name, then renamed.
    const final = join(out, rel);
    const temp = `${final}.partial-${process.pid}`;
    try {
      await writeBytes(temp, bytes);
      await rename(temp, final);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  };

  for (let i = 0; i < total; i++) {
    const r = makeRecipe(i, seed);
    await layer1.push({
      id: r.id,
      title: r.title,
      url: `http://www.recipe1m-mini.example/recipe/${r.id}`,
      partition: r.partition,
      ingredients: r.lines.map((text) => ({ text })),
      instructions: r.instructions.map((text) => ({ text })),
    });
    await detIngrs.push({ id: r.id, ingredients: r.det.map((d) => ({ text: d.text })), valid: r.det.map((d) => d.valid) });
    if (r.images.length > 0) {
      summary.pairs[r.partition]++;
      summary.images += r.images.length;
      await layer2.push({ id: r.id, images: r.images.map((im) => ({ id: im.id, url: `http://img.recipe1m-mini.example/${im.id}` })) });
      for (let k = 0; k < r.images.length; k++) {
        const p: Promise<void> = writeImage(r, k).catch((err) => {
          failure ??= err as Error;
        });
        pending.add(p);
        void p.finally(() => pending.delete(p));
        if (pending.size >= 16) await Promise.race(pending);
      }
    }
    if (failure) break;
    if (opts.onProgress && (i + 1) % 500 === 0) opts.onProgress(i + 1, total);
  }
  await Promise.all(pending);
  await Promise.all([layer1.close(), layer2.close(), detIngrs.close()]);
  if (failure) {
    for (const name of COOKBOOK_FILES) await rm(tmp(name), { force: true });
    throw new Error(`generate: writing images under ${out} failed: ${failure.message}`);
  }
  // The photos' folder entries, then the JSON files, reach the disk before the cookbook looks complete.
  const folders = new Set<string>();
  for (const dir of madeDirs) for (let d = dir; d.length > out.length && !folders.has(d); d = dirname(d)) folders.add(d);
  for (const dir of folders) fsyncDir(dir);
  for (const name of COOKBOOK_FILES) await syncFile(tmp(name));
  for (const name of COOKBOOK_FILES) await rename(tmp(name), join(out, name));
  fsyncDir(out);
  opts.onProgress?.(total, total);
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}
