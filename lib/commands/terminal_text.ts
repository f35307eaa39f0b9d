/**
 * Dataset text made safe to print on a terminal. Titles and lines come from
 * scraped web pages: a control character there (ANSI escape sequences start
 * with one) would drive the terminal, and a bidirectional override would
 * reorder the rest of the line. Such characters are printed as visible
 * escapes (\x1b, \u202e) instead; everything else, accents and emoji
 * included, is printed as written.
 */

/** Bidirectional marks, embeddings, overrides and isolates; the line and paragraph separators. */
const LAYOUT = '\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const UNSAFE_TEXT = new RegExp(`[\\p{Cc}${LAYOUT}]`, 'gu');
// JSON.stringify escapes U+0000-U+001F itself; DEL, the C1 controls and the layout characters it leaves.
const UNSAFE_JSON = new RegExp(`[\\u007f-\\u009f${LAYOUT}]`, 'gu');

const hex = (c: string, digits: number) => c.codePointAt(0)!.toString(16).padStart(digits, '0');

/** `text` with every control and layout character written as an escape. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_TEXT, (c) => (c.codePointAt(0)! <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

/** JSON.stringify(value, null, 2) with the characters it leaves raw written as \u escapes: the same JSON value, safe to print. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_JSON, (c) => `\\u${hex(c, 4)}`);
}
