/**
 * A recipe as people read it, in the words of its author (the store keeps
 * the lines and sentences as written): the JSON shape that `GET
 * /api/recipe/<id>` and `recipe1m search --json` share, and the terminal
 * text of `recipe1m search`.
 */
import type { RecipeDetails } from './retriever.js';
import { terminalText } from './terminal_text.js';

export interface RecipeView {
  id: string;
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
  /** Photos, paths relative to the Recipe1M root. */
  images: Array<{ id: string; path: string }>;
}

export function recipeView(r: RecipeDetails): RecipeView {
  return {
    id: r.id,
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

/** Title, class and web page, then the ingredient lines and the numbered instructions, as written (control characters escaped). */
export function formatRecipe(r: RecipeDetails): string {
  const lines = [r.className === 'background' ? `${r.title} (${r.id})` : `${r.title} (${r.id}, ${r.className})`];
  if (r.url !== undefined) lines.push(r.url);
  lines.push('', 'Ingredients:', ...r.ingredientLines.map((l) => `  - ${l}`));
  const width = String(r.instructions.length).length;
  lines.push('', 'Instructions:', ...r.instructions.map((s, i) => `  ${String(i + 1).padStart(width)}. ${s}`));
  return lines.map(terminalText).join('\n');
}
