import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractIngredientName } from '../../lib/data/ingredients.js';
import { ingredientToken, words } from '../../lib/data/text.js';
import { TitleClassifier, classOfTitle, readClassesJson, wordStem } from '../../lib/data/classes.js';
import { CLASS_NAMES } from '../../lib/data/class_names.js';
import { Vocabulary, encodeText, countRecipeTokens, PAD, UNK } from '../../lib/data/vocab.js';
import type { Recipe } from '../../lib/data/types.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('extractIngredientName: quantities, units, parentheses, preparation words and notes removed', () => {
  const cases: Array<[string, string]> = [
    ['1/2 cup chopped onion', 'onion'],
    ['2 tbsp olive oil', 'olive oil'],
    ['salt to taste', 'salt'],
    ['salt and pepper to taste', 'salt and pepper'],
    ['1 1/2 cups all-purpose flour', 'all purpose flour'],
    ['3 cloves garlic, minced', 'garlic'],
    ['2 (15 ounce) cans black beans, drained and rinsed', 'black beans'],
    ['1 pound skinless, boneless chicken breast halves - cut into cubes', 'chicken breast'],
    ['1/4 teaspoon freshly ground black pepper', 'ground black pepper'],
    ['2 large eggs, beaten', 'eggs'],
    ['1 cup of milk', 'milk'],
    ['1/2 cup finely chopped fresh parsley', 'parsley'],
    ['2 tablespoons extra-virgin olive oil', 'olive oil'],
    ['1 (8 ounce) package cream cheese, softened', 'cream cheese'],
    ['4 ounces shredded cheddar cheese', 'cheddar cheese'],
    ['1 cup butter or margarine, melted', 'butter'],
    ['½ cup sugar', 'sugar'],
    ['2-3 medium tomatoes, diced', 'tomatoes'],
    ['1 tsp. vanilla extract', 'vanilla extract'],
    ['1 pinch cayenne pepper', 'cayenne pepper'],
    ['Fresh basil leaves, for garnish', 'basil leaves'],
    ['1 (16 oz.) jar salsa', 'salsa'],
    ['3 slices bacon', 'bacon'],
    ['1 lb. ground beef', 'ground beef'],
    ['10 sprigs fresh thyme', 'thyme'],
    ['1 head romaine lettuce, torn', 'romaine lettuce'],
    ['vegetable oil for frying', 'vegetable oil'],
    ['1 cup plus 2 tablespoons water', 'water'],
    ['Kosher salt', 'kosher salt'],
    ['', ''],
    ['2 cups', ''],
  ];
  for (const [line, name] of cases) assert.equal(extractIngredientName(line), name, JSON.stringify(line));
});

test('words and ingredient tokens', () => {
  assert.deepEqual(words("Grandma's Crème-Brûlée, 350°F!"), ['grandma', 's', 'creme', 'brulee', '350', 'f']);
  assert.equal(ingredientToken('Olive Oil'), 'olive_oil');
  assert.equal(ingredientToken('  '), '');
});

test('classes from titles: first class in list order, whole words only, case-insensitive', () => {
  const idx = (name: string) => CLASS_NAMES.indexOf(name);
  assert.equal(classOfTitle("Grandma's Spicy Chicken Curry"), idx('chicken curry'));
  assert.equal(classOfTitle('BEST PIZZA EVER'), idx('pizza'));
  assert.equal(classOfTitle('Pizzas for a crowd'), idx('pizza'), 'plural title, singular class');
  assert.equal(classOfTitle('Jicama and Onion Bites'), 0);
  assert.equal(classOfTitle('Mac-and-cheese'), idx('mac and cheese'));
  // Both "apple pie" (Food-101, earlier) and "pie crust" appear: the earlier class in list order wins.
  assert.equal(classOfTitle('Pie crust for apple pie'), idx('apple pie'));
  assert.equal(classOfTitle('Pizzeria style dough'), 0, 'whole words only');
  const c = new TitleClassifier(['background', 'cake', 'chocolate cake']);
  assert.equal(c.classify('Chocolate cake'), 1, 'list order, not the longest match');
  assert.equal(c.classify('Chocolate'), 0);
});

test('classes from titles: singular and plural match each other, on every word of a name', () => {
  const c = new TitleClassifier(['background', 'pancakes', 'pizza', 'apple pie', 'chicken wings', 'berry tart', 'sandwich', 'tomato soup', 'cookies']);
  const cases: Array<[string, number]> = [
    ['Pancake', 1], ['Fluffy Buttermilk Pancakes', 1], ['PIZZAS', 2], ['Pizza', 2], ['Apple Pies', 3], ['Apples pie', 3],
    ['Spicy Chicken Wing', 4], ['Berries Tarts', 5], ['Sandwiches for a picnic', 6], ['Tomatoes Soup', 7], ['Cookie', 8],
    ['Pancakery', 0], ['Pizz', 0], ['Swiss roll', 0],
  ];
  for (const [title, want] of cases) assert.equal(c.classify(title), want, title);
  const idx = (name: string) => CLASS_NAMES.indexOf(name);
  assert.ok(idx('pancakes') > 0, 'the shipped list names pancakes');
  assert.equal(classOfTitle('Pancake'), idx('pancakes'));
  assert.equal(wordStem('berries'), wordStem('berry'));
  assert.equal(wordStem('tomatoes'), wordStem('tomato'));
  assert.equal(wordStem('glass'), 'glass');
});

test('readClassesJson: a {recipeId: classIndex} object; anything else is an error naming the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'r1m-classes-'));
  try {
    const good = join(dir, 'classes.json');
    await writeFile(good, JSON.stringify({ a1: 3, b2: 0 }));
    assert.deepEqual([...readClassesJson(good)], [['a1', 3], ['b2', 0]]);
    for (const [name, text] of [['list.json', '[1,2]'], ['neg.json', '{"a": -1}'], ['str.json', '{"a": "x"}'], ['bad.json', '{']]) {
      const f = join(dir, name);
      await writeFile(f, text);
      assert.throws(() => readClassesJson(f), (e: Error) => e.message.includes(f), name);
    }
    assert.throws(() => readClassesJson(join(dir, 'none.json')), /none\.json/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('vocabulary: min count, <pad>=0 and <unk>=1, count-then-alphabetical order, truncation limits', () => {
  const recipe: Recipe = {
    id: 'x', title: 'Pasta pasta', partition: 'train', ingredients: [], imageIds: [],
    ingredientNames: ['olive oil', 'pasta', 'salt'],
    instructions: ['Boil the pasta for 10 minutes.', '', 'Add olive oil and salt.'],
  };
  const counts = new Map<string, number>();
  countRecipeTokens(recipe, counts);
  countRecipeTokens(recipe, counts);
  assert.equal(counts.get('pasta'), 8, 'title twice, instructions once, ingredient once, per recipe');
  assert.equal(counts.get('salt'), 4);
  assert.equal(counts.get('olive_oil'), 2);
  const vocab = Vocabulary.fromCounts(counts, 4);
  assert.deepEqual(vocab.tokens, ['<pad>', '<unk>', 'pasta', 'salt']);
  assert.equal(vocab.id('pasta'), 2);
  assert.equal(vocab.id('olive_oil'), UNK);
  assert.equal(PAD, 0);
  const full = Vocabulary.fromCounts(counts, 1);
  assert.ok(full.tokens.indexOf('add') < full.tokens.indexOf('boil'), 'ties are alphabetical');
  const enc = encodeText(recipe, full, { maxIngredients: 2, maxSentences: 1, maxWords: 3 });
  assert.deepEqual([...enc.ingredients], [full.id('olive_oil'), full.id('pasta')]);
  assert.equal(enc.instructions.length, 1);
  assert.deepEqual([...enc.instructions[0]], ['boil', 'the', 'pasta'].map((w) => full.id(w)));
});
