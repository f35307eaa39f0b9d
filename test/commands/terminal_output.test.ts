/**
 * `recipe1m search` prints dataset text (scraped titles and lines) on a
 * terminal: control characters and bidirectional overrides in it must show
 * as visible escapes, not act; the --json output must parse back to the
 * same strings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatSearchJson, formatSearchResult } from '../../lib/commands/search_output.js';
import type { SearchQuery } from '../../lib/commands/search_query.js';
import type { SearchResult } from '../../lib/retrieval/retriever.js';
import { recipe } from '../retrieval/fixtures.js';

// Red text, a window title set by OSC, a right-to-left override, NUL, a C1 CSI that clears the screen, DEL.
const TITLE = 'Pie \x1b[31mred\x1b[0m \x1b]0;pwned\x07 \u202eevil\u0000 \u009b2J\u007f';
const LINE = '1 cup \u2066sugar\u2069 \x1b[1Abold';
/** What a terminal would act on: every control but the newline between lines, and the layout characters. */
const ACTING = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

const featured = { ...recipe(2), title: TITLE, className: `class\x1b[2K`, ingredientLines: [LINE], instructionTexts: [`Bake.\u202e`] };
const query: SearchQuery = { kind: 'ingredients', names: ['tomato'], remove: [], top: 1 };
const result: SearchResult = {
  kind: 'ingredients',
  target: 'images',
  split: 'test',
  ingredients: ['tomato'],
  hits: [{ rank: 1, score: 0.5, recipeId: featured.id, imageId: 'x.jpg', title: TITLE, className: featured.className, imagePath: 'images/test/\x1bx.jpg' }],
  tookMs: 1,
};

test('the text output shows control characters and bidi overrides of the data as escapes', () => {
  const text = formatSearchResult(query, result, featured);
  assert.doesNotMatch(text, ACTING);
  assert.ok(text.includes('\\u202eevil\\x00'), text);
  assert.ok(text.includes('Pie \\x1b[31mred'), text);
  assert.ok(text.includes('\\x9b2J\\x7f'), text);
  assert.ok(text.includes('  - 1 cup \\u2066sugar\\u2069 \\x1b[1Abold'), text);
  assert.ok(text.includes('Bake.\\u202e'), text);
  assert.ok(text.includes('images/test/\\x1bx.jpg'), text);
  assert.ok(text.split('\n').length > 8, 'the line breaks of the layout stay');
});

test('the JSON output escapes what JSON.stringify leaves raw, and parses back to the same strings', () => {
  const json = formatSearchJson(query, result, featured);
  assert.doesNotMatch(json, ACTING);
  const parsed = JSON.parse(json);
  assert.equal(parsed.hits[0].title, TITLE);
  assert.equal(parsed.recipe.title, TITLE);
  assert.deepEqual(parsed.recipe.ingredients, [LINE]);
  assert.deepEqual(parsed.query, query);
});

test('over all splits the text output names each hit\'s split, and says when a recipe has no photo', () => {
  const q: SearchQuery = { kind: 'image', file: 'q.jpg', top: 2 };
  const all: SearchResult = {
    kind: 'image',
    target: 'recipes',
    split: 'all',
    hits: [
      { rank: 1, score: 0.9, recipeId: 'a', split: 'val', imageId: '', title: 'Tart', className: 'tart', imagePath: '' },
      { rank: 2, score: 0.8, recipeId: 'b', split: 'test', imageId: 'b.jpg', title: 'Pie', className: 'pie', imagePath: 'images/test/b.jpg' },
    ],
    tookMs: 3,
  };
  const lines = formatSearchResult(q, all).split('\n');
  assert.equal(lines[0], 'recipes for the photo q.jpg (all splits, 3 ms)');
  assert.match(lines[2], /class\s+split  image$/);
  assert.match(lines[3], /tart\s+val    \(no photo\)$/);
  assert.match(lines[4], /pie\s+test   images\/test\/b\.jpg$/);
  assert.doesNotMatch(formatSearchResult(q, { ...all, split: 'test' }).split('\n')[2], /split/);
});
