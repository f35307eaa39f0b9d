/**
 * Classes of recipes (docs/method.md §2.4). A recipe gets the first class, in the order
 * of the class-name list, whose name appears in its lower-cased title as a
 * whole-word sequence ("Grandma's Spicy Chicken Curry" -> "chicken curry");
 * titles and names are compared as word sequences (text.ts `words`), so
 * punctuation and hyphens count as word boundaries. Singular and plural
 * match each other ("Pancake" is of class `pancakes`, "Pizzas" of `pizza`):
 * each word is compared by its number-free form (`wordStem`). No match: 0
 * (background). A user's `classes.json` ({recipeId: classIndex}) overrides
 * the rule.
 */
import { readFileSync } from 'node:fs';
import { CLASS_NAMES } from './class_names.js';
import { words } from './text.js';

/**
 * One form for a word's singular and plural: a final "s" (not "ss"), then a
 * final "e", then a final "y" as "i" ("pancakes", "pancake" -> "pancak";
 * "berries", "berry" -> "berri"; "tomatoes", "tomato" -> "tomato";
 * "sandwiches", "sandwich" -> "sandwich"). Used on both sides of the
 * comparison, so it need not be an English word, only the same for both
 * numbers; irregular plurals (leaf/leaves) are not merged.
 */
export function wordStem(word: string): string {
  let w = word;
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 2 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 2 && w.endsWith('y')) w = `${w.slice(0, -1)}i`;
  return w;
}

const stems = (text: string): string[] => words(text).map(wordStem);

export class TitleClassifier {
  /** name (words joined by ' ') -> first index carrying it. */
  private readonly index = new Map<string, number>();
  private readonly maxWords: number;

  constructor(readonly names: readonly string[] = CLASS_NAMES) {
    let maxWords = 1;
    // Index 0 is background and never matches.
    for (let i = 1; i < names.length; i++) {
      const key = stems(names[i]).join(' ');
      if (key === '') continue;
      if (!this.index.has(key)) this.index.set(key, i);
      maxWords = Math.max(maxWords, key.split(' ').length);
    }
    this.maxWords = maxWords;
  }

  /** The class of a title: the smallest index among the names found in it, 0 when none. */
  classify(title: string): number {
    const w = stems(title);
    let best = 0;
    for (let start = 0; start < w.length; start++) {
      let key = '';
      for (let n = 1; n <= this.maxWords && start + n <= w.length; n++) {
        key = n === 1 ? w[start] : `${key} ${w[start + n - 1]}`;
        const c = this.index.get(key);
        if (c !== undefined && (best === 0 || c < best)) best = c;
      }
    }
    return best;
  }
}

let defaultClassifier: TitleClassifier | undefined;

/** The class of a title under the shipped class list. */
export function classOfTitle(title: string): number {
  defaultClassifier ??= new TitleClassifier();
  return defaultClassifier.classify(title);
}

/** Reads a user's classes.json ({recipeId: classIndex}); errors name the file. */
export function readClassesJson(file: string): Map<string, number> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read classes file ${file}: ${(err as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new Error(`classes file ${file} must be a JSON object {recipeId: classIndex}`);
  }
  const out = new Map<string, number>();
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw new Error(`classes file ${file}: recipe ${id} has class ${JSON.stringify(value)}, expected an integer >= 0`);
    }
    out.set(id, value);
  }
  return out;
}
