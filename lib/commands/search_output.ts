/**
 * The text of `recipe1m search`: the ranked hits and the featured recipe,
 * as a table and the recipe as written, or as JSON (--json); the data's
 * control characters escaped (terminal_text.ts).
 */
import { recipeView } from '../retrieval/recipe_view.js';
import type { RecipeDetails, SearchResult } from '../retrieval/retriever.js';
import type { SearchQuery } from './search_query.js';
import { terminalJson, terminalText } from './terminal_text.js';

/** Title, class, web page, split and photos, then the ingredient lines and the numbered instructions, as written (control characters escaped). */
export function formatRecipe(r: RecipeDetails): string {
  const lines = [r.className === 'background' ? `${r.title} (${r.id})` : `${r.title} (${r.id}, ${r.className})`];
  if (r.url !== undefined) lines.push(r.url);
  lines.push(`${r.split} split, ${r.imagePaths.length === 0 ? 'no photo' : r.imagePaths.length === 1 ? `photo ${r.imagePaths[0]}` : `${r.imagePaths.length} photos: ${r.imagePaths.join(', ')}`}`);
  lines.push('', 'Ingredients:', ...r.ingredientLines.map((l) => `  - ${l}`));
  const width = String(r.instructionTexts.length).length;
  lines.push('', 'Instructions:', ...r.instructionTexts.map((s, i) => `  ${String(i + 1).padStart(width)}. ${s}`));
  return lines.map(terminalText).join('\n');
}

function clip(text: string, width: number): string {
  const flat = terminalText(text.replace(/\s+/gu, ' '));
  return flat.length <= width ? flat.padEnd(width) : flat.slice(0, width - 1) + '…';
}

/**
 * The text output: a header saying what was searched, one line per hit,
 * then the featured recipe as written; control characters of the data
 * escaped (terminal_text.ts).
 */
export function formatSearchResult(q: SearchQuery, r: SearchResult, featured?: RecipeDetails): string {
  const what =
    q.kind === 'image'
      ? `recipes for the photo ${q.file}`
      : q.kind === 'recipe'
        ? `photos for recipe ${q.id}`
        : `photos for the ingredients ${(r.ingredients ?? []).join(', ')}`;
  const lines = [`${what} (${r.split === 'all' ? 'all splits' : `${r.split} split`}, ${r.tookMs.toFixed(0)} ms)`];
  if (q.kind === 'recipe' && r.ingredients) lines.push(`re-encoded with the ingredients ${r.ingredients.join(', ')}`);
  if (r.removed?.length) lines.push(`removed: ${r.removed.join(', ')}`);
  if (r.notPresent?.length) lines.push(`not in the list, nothing removed: ${r.notPresent.join(', ')}`);
  if (r.unknown?.length) lines.push(`not in the vocabulary, ignored: ${r.unknown.join(', ')}`);
  const splitColumn = r.split === 'all';
  lines.push('', `${'rank'.padStart(4)}  ${'score'.padStart(6)}  ${clip('title', 40)}  ${clip('class', 16)}  ${splitColumn ? 'split  ' : ''}image`);
  for (const h of r.hits) {
    const split = splitColumn ? `${(h.split ?? '').padEnd(5)}  ` : '';
    lines.push(`${String(h.rank).padStart(4)}  ${h.score.toFixed(3).padStart(6)}  ${clip(h.title, 40)}  ${clip(h.className, 16)}  ${split}${h.imagePath || '(no photo)'}`);
  }
  const text = lines.map(terminalText).join('\n');
  return featured ? `${text}\n\n${q.kind === 'recipe' ? 'The recipe searched:' : 'The best match:'}\n\n${formatRecipe(featured)}` : text;
}

/** The --json output: the query, the result and the featured recipe, with the characters JSON leaves raw escaped. */
export function formatSearchJson(q: SearchQuery, r: SearchResult, featured?: RecipeDetails): string {
  return terminalJson({ query: q, ...r, ...(featured ? { recipe: recipeView(featured) } : {}) });
}
