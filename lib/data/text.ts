/**
 * Text normalisation shared by the class rule, the vocabulary and the
 * ingredient-name extraction: lower-case, accents stripped, words are runs
 * of [a-z0-9]. Ingredient names are one token each, spaces as underscores
 * ("olive oil" -> "olive_oil"), as im2recipe did.
 */

/** Lower-case words of a text ("Grandma's Chili!" -> ["grandma", "s", "chili"]). */
export function words(text: string): string[] {
  const lower = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return lower.match(/[a-z0-9]+/g) ?? [];
}

/** One vocabulary token for an ingredient name ("Olive Oil" -> "olive_oil"); '' when it has no word. */
export function ingredientToken(name: string): string {
  return words(name).join('_');
}
