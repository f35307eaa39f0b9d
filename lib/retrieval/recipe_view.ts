/**
 * A recipe as people read it, in the words of its author (the store keeps
 * the lines and sentences as written): the JSON shape that `GET
 * /api/recipe/<id>` and `recipe1m search --json` share (the terminal text
 * of `recipe1m search` is lib/commands/search_output.ts).
 */
import type { RecipeDetails } from './retriever.js';

export interface RecipeView {
  id: string;
  /** The split that holds it. */
  split: string;
  title: string;
  /** Present when the dataset gives the recipe's web page. */
  url?: string;
  classIndex: number;
  className: string;
  /** The ingredient lines as written. */
  ingredients: string[];
  /** The ingredient names the model reads ("olive_oil"). */
  ingredientNames: string[];
  /** The instruction sentences as written. */
  instructions: string[];
  /** Photos, paths relative to the Recipe1M root: all of them, none for a recipe without one. */
  images: Array<{ id: string; path: string }>;
}

export function recipeView(r: RecipeDetails): RecipeView {
  return {
    id: r.id,
    split: r.split,
    title: r.title,
    ...(r.url !== undefined ? { url: r.url } : {}),
    classIndex: r.classIndex,
    className: r.className,
    ingredients: r.ingredientLines,
    ingredientNames: r.ingredientNames,
    instructions: r.instructions,
    images: r.imageIds.map((id, i) => ({ id, path: r.imagePaths[i] ?? '' })),
  };
}
