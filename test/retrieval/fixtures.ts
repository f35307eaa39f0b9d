/**
 * A tiny world with a known answer for the search tests: N recipes whose
 * photos are a dish of one colour on a white plate, the colours spread
 * around the hue circle; a fake model that embeds a photo as its mean
 * chroma (mean colour minus its grey level: the white plate and background
 * add nothing); recipe embeddings equal to their dish colour's chroma. A
 * photo therefore finds its own recipe first, its hue neighbours next.
 */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { ExtractedEmbeddings } from '../../lib/experiment/embeddings_io.js';
import type { RawImage } from '../../lib/data/backbone/types.js';
import type { QueryEncoder, RecipeCatalog, RecipeDetails } from '../../lib/retrieval/retriever.js';

export const N = 12;
export const DIM = 4;
/** One ingredient per recipe: recipe i is made of INGREDIENTS[i] (token i + 1). */
export const INGREDIENTS = ['tomato', 'carrot', 'lemon', 'banana', 'lime', 'basil', 'mint', 'blueberry', 'plum', 'grape', 'beet', 'radish'];
const DISHES = ['soup', 'cake', 'tart', 'bread', 'pie', 'pesto', 'sorbet', 'muffins', 'crumble', 'jelly', 'salad', 'slaw'];
export const HOSTILE_TITLE = '<img src=x onerror="window.__xss=1">Pie & "Tart"';
/** The web page of the hostile recipe: never to become a link. */
export const HOSTILE_URL = 'javascript:window.__xss=2';

/** Recipe i's web page, as a dataset gives it. */
export function recipeUrl(i: number): string {
  return i === 3 ? HOSTILE_URL : `https://www.recipes.example/recipe/${recipeId(i)}?ref=r1m&x=<y>`;
}

/** Hue i/N (i need not be an integer) at full saturation as 8-bit RGB. */
export function colour(i: number): [number, number, number] {
  const h = (i / N) * 6;
  const x = 1 - Math.abs((h % 2) - 1);
  const [r, g, b] = h < 1 ? [1, x, 0] : h < 2 ? [x, 1, 0] : h < 3 ? [0, 1, x] : h < 4 ? [0, x, 1] : h < 5 ? [x, 0, 1] : [1, 0, x];
  return [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)];
}

/** The fake model's embedding of a colour: its chroma (offset from its own grey level), padded to DIM. */
export function colourVector([r, g, b]: [number, number, number]): Float32Array {
  const grey = (r + g + b) / 3;
  return Float32Array.from([r - grey, g - grey, b - grey, 0]);
}

export function recipeId(i: number): string {
  return `r${String(i).padStart(3, '0')}`;
}

export function imageId(i: number): string {
  return `${(0xabcd00 + i).toString(16)}.jpg`;
}

/** images/<split>/<c0>/<c1>/<c2>/<c3>/<id>, as Recipe1M lays them out. */
function layoutPath(split: string, id: string): string {
  return ['images', split, id[0], id[1], id[2], id[3], id].join('/');
}

export function imagePath(i: number): string {
  return layoutPath('test', imageId(i));
}

/** Recipe i's photo: a dish of colour(i) on a white plate, on a light grey table. */
export function photo(i: number, width = 160, height = 160): Promise<Buffer> {
  return photoOfHue(i, width, height);
}

/** A dish of colour(hue) on a white plate, on a light grey table. */
export function photoOfHue(hue: number, width = 160, height = 160): Promise<Buffer> {
  const [r, g, b] = colour(hue);
  const radius = Math.min(width, height) / 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="rgb(236,236,236)"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${radius * 0.86}" fill="rgb(255,255,255)" stroke="rgb(214,214,214)" stroke-width="${radius * 0.03}"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${radius * 0.58}" fill="rgb(${r},${g},${b})"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 95 }).toBuffer();
}

/** An extracted set (every recipe and photo) of pairs (id, photo, embedding) plus text-only recipes and other photos. */
function extracted(
  split: string,
  pairs: Array<{ id: string; imageId: string; v: Float32Array }>,
  textOnly: Array<{ id: string; v: Float32Array }> = [],
  others: Array<{ imageId: string; row: number; v: Float32Array }> = [],
): ExtractedEmbeddings {
  const join = (vs: Float32Array[]) => {
    const out = new Float32Array(vs.length * DIM);
    vs.forEach((v, k) => out.set(v, k * DIM));
    return out;
  };
  const recipes = join([...pairs.map((p) => p.v), ...textOnly.map((t) => t.v)]);
  const images = join([...pairs.map((p) => p.v), ...others.map((o) => o.v)]);
  const count = pairs.length;
  return {
    split,
    dim: DIM,
    recipeIds: pairs.map((p) => p.id),
    imageIds: pairs.map((p) => p.imageId),
    recipes: recipes.subarray(0, count * DIM),
    images: images.subarray(0, count * DIM),
    checkpoint: 'ckpt_best_fixture',
    createdAt: '2026-01-01T00:00:00.000Z',
    covers: 'split',
    all: {
      recipeIds: [...pairs.map((p) => p.id), ...textOnly.map((t) => t.id)],
      recipes,
      imageIds: [...pairs.map((p) => p.imageId), ...others.map((o) => o.imageId)],
      imageRecipeRows: Int32Array.from([...pairs.keys(), ...others.map((o) => o.row)]),
      images,
    },
  };
}

/** The test split: the N recipes, one photo each. */
export function embeddings(): ExtractedEmbeddings {
  return extracted('test', [...Array(N).keys()].map((i) => ({ id: recipeId(i), imageId: imageId(i), v: colourVector(colour(i)) })));
}

/**
 * A val split beside it: a stew of hue 1.5 with three photos (hues 1.4,
 * 1.5 and 1.6; evaluation pairs it with the first), and a tart of hue 4.5,
 * between lime (4) and basil (5), that has no photo.
 */
export const STEW = { id: 'v-stew', hues: [1.4, 1.5, 1.6], imageIds: ['fe0001.jpg', 'fe0002.png', 'fe0003.webp'], title: 'Three-photo stew' };
export const TART = { id: 'v-tart', hue: 4.5, title: 'A tart nobody photographed' };

export function valEmbeddings(): ExtractedEmbeddings {
  const v = (hue: number) => colourVector(colour(hue));
  return extracted(
    'val',
    [{ id: STEW.id, imageId: STEW.imageIds[0], v: v(1.5) }],
    [{ id: TART.id, v: v(TART.hue) }],
    STEW.imageIds.slice(1).map((imageId, k) => ({ imageId, row: 0, v: v(STEW.hues[k + 1]) })),
  );
}

export class FakeEncoder implements QueryEncoder {
  readonly imageSize = 32;
  calls = 0;

  async embedImage(image: RawImage): Promise<Float32Array> {
    this.calls++;
    const sum = [0, 0, 0];
    for (let p = 0; p < image.data.length; p += 3) for (let c = 0; c < 3; c++) sum[c] += image.data[p + c];
    const n = image.width * image.height;
    return colourVector([sum[0] / n, sum[1] / n, sum[2] / n]);
  }

  /** The sum of the colours of the recipes whose ingredient tokens it holds. */
  async embedRecipe(recipe: { ingredients: Int32Array; instructions: Int32Array[] }): Promise<Float32Array> {
    this.calls++;
    const out = new Float32Array(DIM);
    for (const t of recipe.ingredients) {
      const v = colourVector(colour(t - 1));
      for (let d = 0; d < DIM; d++) out[d] += v[d];
    }
    return out;
  }
}

export function recipe(i: number): RecipeDetails {
  const title = i === 3 ? HOSTILE_TITLE : `${INGREDIENTS[i][0].toUpperCase()}${INGREDIENTS[i].slice(1)} ${DISHES[i]}`;
  // Recipe i holds its own ingredient and its next hue neighbour's, so removing one leaves the other.
  const j = (i + 1) % N;
  return {
    id: recipeId(i),
    split: 'test',
    title,
    // Recipe 11 has no web page.
    ...(i === 11 ? {} : { url: recipeUrl(i) }),
    // Every third recipe is background (class 0), as about half of Recipe1M is.
    classIndex: i % 3 === 0 ? 0 : i + 1,
    className: i % 3 === 0 ? 'background' : DISHES[i],
    ingredientNames: [INGREDIENTS[i], INGREDIENTS[j]],
    ingredientLines: [`1 cup ${INGREDIENTS[i]}`, `2 ${INGREDIENTS[j]}s`],
    instructionTexts: ['Wash everything.', `Cook the ${INGREDIENTS[i]} <b>gently</b>.`],
    imageIds: [imageId(i)],
    imagePaths: [imagePath(i)],
    ingredients: Int32Array.from([i + 1, j + 1]),
    instructions: [Int32Array.from([1, 2])],
  };
}

/** The val split's two recipes. */
export function valRecipe(id: string): RecipeDetails | undefined {
  const base = {
    split: 'val', classIndex: 0, className: 'background', ingredientNames: ['carrot', 'lemon'], ingredientLines: ['3 carrots', '1 lemon'],
    instructionTexts: ['Simmer.'], ingredients: Int32Array.of(2, 3), instructions: [Int32Array.of(1)],
  };
  if (id === STEW.id) return { ...base, id, title: STEW.title, imageIds: STEW.imageIds, imagePaths: STEW.imageIds.map((im) => layoutPath('val', im)) };
  if (id === TART.id) return { ...base, id, title: TART.title, imageIds: [], imagePaths: [] };
  return undefined;
}

export const catalog: RecipeCatalog = {
  async recipe(id: string) {
    const i = [...Array(N).keys()].find((k) => recipeId(k) === id);
    return i === undefined ? valRecipe(id) : recipe(i);
  },
  lookupToken: (name: string) => {
    const i = INGREDIENTS.indexOf(name);
    return i < 0 ? undefined : i + 1;
  },
};

/** A temporary Recipe1M root holding the N photos and the stew's three, plus a file outside images/. */
export async function datasetRoot(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'recipe1m-search-'));
  const put = async (rel: string, data: Buffer) => {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, data);
  };
  for (let i = 0; i < N; i++) await put(imagePath(i), await photo(i));
  for (const [k, id] of STEW.imageIds.entries()) {
    const jpeg = await photoOfHue(STEW.hues[k]);
    const format = id.endsWith('.png') ? sharp(jpeg).png() : id.endsWith('.webp') ? sharp(jpeg).webp() : sharp(jpeg).jpeg();
    await put(layoutPath('val', id), await format.toBuffer());
  }
  await writeFile(path.join(root, 'secret.txt'), 'not for the web');
  return root;
}
