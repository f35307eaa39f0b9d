/**
 * A Recipe1M-shaped text dataset for the scale benches: layer1.json,
 * layer2.json and det_ingrs.json of N recipes in Recipe1M's layout, and
 * precomputed image features (a raw float32 matrix and its ids, what
 * `prepare --features/--feature-ids` imports), no photo rendered.
 *
 * Shaped like Recipe1M (docs/method.md §2): partitions 70/15/15; a third of
 * the recipes (33.6%) have photos, 1.55 on average (1,029,720 recipes give
 * about 346,000 pairs, 51,900 of them in test, and 535,000 photos); 3 to 15
 * ingredient lines and instruction sentences (mean 9), sentences of 5 to 17
 * words (mean 11), words drawn from a Zipf law over 40,000 made-up words
 * (so that a vocabulary of tens of thousands survives the minimum count),
 * ingredient names over 4,000; about half of the titles name a dish class;
 * 2048-d features (ResNet-50's). Deterministic for a seed; streamed, so
 * that memory does not grow with N.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CLASS_NAMES } from '../lib/data/class_names.js';
import { Random } from '../lib/util/random.js';

export interface ShapedDataset {
  dir: string;
  features: string;
  featureIds: string;
  recipes: number;
  recipesWithPhotos: number;
  images: number;
  featureDim: number;
}

const SYLLABLES = ['ba', 'ke', 'lo', 'mi', 'nu', 'ra', 'se', 'ti', 'vo', 'za', 'pe', 'du', 'ga', 'fi', 'ho', 'ju', 'ly', 'qua', 'ste', 'bri'];
const UNITS = ['cup', 'cups', 'tablespoons', 'teaspoon', 'ounces', 'pound', 'grams', 'cloves', 'pinch', 'can'];

/** Made-up words: every syllable sequence in order, shortest first. */
function madeUpWords(n: number, salt: string): string[] {
  const out: string[] = [];
  for (let len = 2; out.length < n; len++) {
    const idx = new Array<number>(len).fill(0);
    while (out.length < n) {
      out.push(idx.map((i) => SYLLABLES[i]).join('') + salt);
      let k = len - 1;
      while (k >= 0 && ++idx[k] === SYLLABLES.length) idx[k--] = 0;
      if (k < 0) break;
    }
  }
  return out;
}

/** Draws ranks 0..n-1 with probability proportional to 1/(rank+1) (Zipf's law). */
class Zipf {
  private readonly cdf: Float64Array;

  constructor(n: number) {
    this.cdf = new Float64Array(n);
    let s = 0;
    for (let r = 0; r < n; r++) this.cdf[r] = s += 1 / (r + 1);
    for (let r = 0; r < n; r++) this.cdf[r] /= s;
  }

  draw(rng: Random): number {
    const u = rng.next();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Appends text to a file in large writes. */
class TextSink {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size > 1 << 22) this.flush();
  }

  private flush(): void {
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    for (let at = 0; at < buf.length; ) at += writeSync(this.fd, buf, at);
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const hex = (n: number, salt: number): string => ((Math.imul(n + 1, 0x9e3779b1) ^ salt) >>> 0).toString(16).padStart(8, '0') + (n % 256).toString(16).padStart(2, '0');

/** Writes the dataset of `recipes` recipes into `dir` (created). */
export function writeShapedDataset(dir: string, recipes: number, seed = 1338, featureDim = 2048): ShapedDataset {
  mkdirSync(dir, { recursive: true });
  const rng = new Random(seed);
  const words = madeUpWords(40_000, '');
  const ingredients = madeUpWords(4_000, 'o');
  const wordLaw = new Zipf(words.length);
  const ingredientLaw = new Zipf(ingredients.length);
  const classes = CLASS_NAMES.slice(1);
  const layer1 = new TextSink(join(dir, 'layer1.json'));
  const layer2 = new TextSink(join(dir, 'layer2.json'));
  const det = new TextSink(join(dir, 'det_ingrs.json'));
  const ids = new TextSink(join(dir, 'feature_ids.txt'));
  const featuresFile = join(dir, 'features.f32');
  const fd = openSync(featuresFile, 'w');
  const rowsPerWrite = 512;
  const block = new Float32Array(rowsPerWrite * featureDim);
  let pending = 0;
  let images = 0;
  let withPhotos = 0;
  const flushFeatures = (): void => {
    const bytes = new Uint8Array(block.buffer, 0, pending * featureDim * 4);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    pending = 0;
  };
  const sentence = (n: number): string => {
    const w: string[] = [];
    for (let k = 0; k < n; k++) w.push(words[wordLaw.draw(rng)]);
    w[0] = w[0][0].toUpperCase() + w[0].slice(1);
    return `${w.join(' ')}.`;
  };
  layer1.write('[');
  layer2.write('[');
  det.write('[');
  let firstWithPhotos = true;
  for (let i = 0; i < recipes; i++) {
    const id = hex(i, 0x5bd1e995);
    const u = rng.next();
    const partition = u < 0.7 ? 'train' : u < 0.85 ? 'val' : 'test';
    const classed = rng.next() < 0.5;
    const title = classed ? `${words[wordLaw.draw(rng)]} ${classes[rng.int(classes.length)]}` : `${words[wordLaw.draw(rng)]} ${words[wordLaw.draw(rng)]}`;
    const nIngredients = 3 + rng.int(13);
    const names: string[] = [];
    const lines: string[] = [];
    for (let k = 0; k < nIngredients; k++) {
      const name = ingredients[ingredientLaw.draw(rng)];
      names.push(name);
      lines.push(`${1 + rng.int(4)} ${UNITS[rng.int(UNITS.length)]} ${name}`);
    }
    const nSentences = 3 + rng.int(13);
    const sentences: string[] = [];
    for (let k = 0; k < nSentences; k++) sentences.push(sentence(5 + rng.int(13)));
    const record = { id, title, url: `http://www.recipes.example/${id}`, partition, ingredients: lines.map((text) => ({ text })), instructions: sentences.map((text) => ({ text })) };
    layer1.write(`${i > 0 ? ',' : ''}${JSON.stringify(record)}`);
    det.write(`${i > 0 ? ',' : ''}${JSON.stringify({ id, ingredients: names.map((text) => ({ text })), valid: names.map(() => true) })}`);
    if (rng.next() < 0.336) {
      const v = rng.next();
      const n = v < 0.6 ? 1 : v < 0.9 ? 2 : v < 0.97 ? 3 : 4;
      const photos: string[] = [];
      for (let k = 0; k < n; k++) {
        const imageId = `${hex(images, 0x27d4eb2f)}${hex(images, 0x165667b1)}.jpg`;
        photos.push(imageId);
        ids.write(`${imageId}\n`);
        const row = block.subarray(pending * featureDim, (pending + 1) * featureDim);
        for (let d = 0; d < featureDim; d++) row[d] = rng.next();
        if (++pending === rowsPerWrite) flushFeatures();
        images++;
      }
      layer2.write(`${firstWithPhotos ? '' : ','}${JSON.stringify({ id, images: photos.map((p) => ({ id: p, url: `http://images.example/${p}` })) })}`);
      firstWithPhotos = false;
      withPhotos++;
    }
  }
  flushFeatures();
  closeSync(fd);
  layer1.write(']');
  layer2.write(']');
  det.write(']');
  for (const s of [layer1, layer2, det, ids]) s.close();
  return { dir, features: featuresFile, featureIds: join(dir, 'feature_ids.txt'), recipes, recipesWithPhotos: withPhotos, images, featureDim };
}
