/**
 * A recipe as people read it, in the words of its author (the store keeps
 * the lines and sentences as written): the JSON shape that `GET
 * /api/recipe/<id>` and `recipe1m search --json` share (the terminal text
 * of `recipe1m search` is lib/commands/search_output.ts).
 */
import type { RecipeDetails } from './retriever.js';

/**
 * The recipe's fields under the names of the JSON API (README,
 * "Searching"): `ingredients` and `instructions` are the text as written
 * (the store's ingredientLines and instructionTexts), and every photo comes
 * with its path, relative to the Recipe1M root (none for a recipe without
 * one).
 */
export type RecipeView = Pick<RecipeDetails, 'id' | 'split' | 'title' | 'url' | 'classIndex' | 'className' | 'ingredientNames'> & {
  ingredients: string[];
  instructions: string[];
  images: Array<{ id: string; path: string }>;
};

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
    instructions: r.instructionTexts,
    images: r.imageIds.map((id, i) => ({ id, path: r.imagePaths[i] ?? '' })),
  };
}
