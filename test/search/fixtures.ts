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
import type { LoadedEmbeddings } from '../../lib/search/embeddings_io.js';
import type { RawImage } from '../../lib/data/backbone/types.js';
import type { QueryEncoder, RecipeCatalog, RecipeDetails } from '../../lib/search/retriever.js';

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

/** Hue i/N at full saturation as 8-bit RGB. */
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

/** images/test/<c0>/<c1>/<c2>/<c3>/<id>, as Recipe1M lays them out. */
export function imagePath(i: number): string {
  const id = imageId(i);
  return ['images', 'test', id[0], id[1], id[2], id[3], id].join('/');
}

/** Recipe i's photo: a dish of colour(i) on a white plate, on a light grey table. */
export function photo(i: number, width = 160, height = 160): Promise<Buffer> {
  const [r, g, b] = colour(i);
  const radius = Math.min(width, height) / 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="rgb(236,236,236)"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${radius * 0.86}" fill="rgb(255,255,255)" stroke="rgb(214,214,214)" stroke-width="${radius * 0.03}"/>
    <circle cx="${width / 2}" cy="${height / 2}" r="${radius * 0.58}" fill="rgb(${r},${g},${b})"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 95 }).toBuffer();
}

export function embeddings(): LoadedEmbeddings {
  const recipes = new Float32Array(N * DIM);
  for (let i = 0; i < N; i++) recipes.set(colourVector(colour(i)), i * DIM);
  return {
    split: 'test',
    dim: DIM,
    recipeIds: [...Array(N).keys()].map(recipeId),
    imageIds: [...Array(N).keys()].map(imageId),
    recipes,
    images: Float32Array.from(recipes),
    checkpoint: 'ckpt_best_fixture',
    createdAt: '2026-01-01T00:00:00.000Z',
  };
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
    title,
    // Recipe 11 has no web page.
    ...(i === 11 ? {} : { url: recipeUrl(i) }),
    // Every third recipe is background (class 0), as about half of Recipe1M is.
    classIndex: i % 3 === 0 ? 0 : i + 1,
    className: i % 3 === 0 ? 'background' : DISHES[i],
    ingredientNames: [INGREDIENTS[i], INGREDIENTS[j]],
    ingredientLines: [`1 cup ${INGREDIENTS[i]}`, `2 ${INGREDIENTS[j]}s`],
    instructions: ['Wash everything.', `Cook the ${INGREDIENTS[i]} <b>gently</b>.`],
    imageIds: [imageId(i)],
    imagePaths: [imagePath(i)],
    ingredientTokens: Int32Array.from([i + 1, j + 1]),
    instructionTokens: [Int32Array.from([1, 2])],
  };
}

export const catalog: RecipeCatalog = {
  async recipe(id: string) {
    const i = [...Array(N).keys()].find((k) => recipeId(k) === id);
    return i === undefined ? undefined : recipe(i);
  },
  lookupToken: (name: string) => {
    const i = INGREDIENTS.indexOf(name);
    return i < 0 ? undefined : i + 1;
  },
};

/** A temporary Recipe1M root holding the N photos, plus a file outside images/. */
export async function datasetRoot(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'recipe1m-search-'));
  for (let i = 0; i < N; i++) {
    const file = path.join(root, imagePath(i));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, await photo(i));
  }
  await writeFile(path.join(root, 'secret.txt'), 'not for the web');
  return root;
}
