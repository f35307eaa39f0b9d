/**
 * One recipe1m-mini recipe from (seed, index): its title (a class name inside
 * classed titles, no class name in background titles), ingredient lines with
 * quantities, units and preparation words, det_ingrs-style names, instruction
 * sentences with actions, times and temperatures, its partition, image ids
 * and the scene its photos are rendered from.
 */
import { Random } from '../../util/random.js';
import { TitleClassifier } from '../classes.js';
import { CLASS_NAMES } from '../class_names.js';
import type { Split } from '../types.js';
import { DISHES, type Body, type Dish, type Method, type Vessel } from './dishes.js';
import { INGREDIENTS, ingredient, type Ingredient } from './ingredients_catalog.js';
import type { Scene, SceneItem } from './render.js';

export interface MiniImage {
  /** "<10 hex>.<ext>". */
  id: string;
  ext: 'jpg' | 'png' | 'webp';
}

export interface MiniRecipe {
  id: string;
  title: string;
  partition: Split;
  /** The class this recipe was written for (index in CLASS_NAMES), 0 for background. */
  classIndex: number;
  lines: string[];
  /** det_ingrs entries aligned with `lines`. */
  det: Array<{ text: string; valid: boolean }>;
  instructions: string[];
  images: MiniImage[];
  scene: Scene;
}

/** A 32-bit bijection, so distinct inputs give distinct ids. */
export function mix32(x: number, key: number): number {
  let h = (x ^ key) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}
const hex = (x: number, digits: number): string => x.toString(16).padStart(digits, '0').slice(-digits);

export const classifier = new TitleClassifier(CLASS_NAMES);
const DISH_CLASS: number[] = DISHES.map((d) => {
  const c = classifier.classify(d.name);
  if (CLASS_NAMES[c] !== d.name) throw new Error(`recipe1m-mini: dish '${d.name}' is not its own class (got '${CLASS_NAMES[c]}')`);
  return c;
});

const PREFIXES = ["Grandma's", 'Easy', 'Best', 'Quick', 'Homemade', 'Classic', "Mom's", 'Simple', 'Healthy', 'Authentic', 'Weeknight', 'Perfect', 'Ultimate', 'Rustic', 'Southern', 'Sunday'];
const ADJECTIVES = ['Spicy', 'Creamy', 'Cheesy', 'Crispy', 'Smoky', 'Zesty', 'Hearty', 'Light', 'Rich', 'Sweet', 'Savory', 'Tangy', 'Golden', 'Fluffy', 'Chunky'];
const SUFFIXES = ['for Two', 'II', '(Gluten Free)', 'Supreme', 'Deluxe', 'My Way', 'Family Style'];
const BG_WORDS = ['Skillet', 'Bake', 'Medley', 'Toss', 'Delight', 'Surprise', 'Hash', 'Saute', 'Platter', 'Bites', 'Mix', 'Dish', 'Jumble', 'Supper', 'Plate', 'Combo'];
const BODIES: Body[] = ['pile', 'soup', 'stack', 'strands', 'layers', 'wedge', 'folded', 'loaf', 'pieces', 'scoop', 'dip', 'flat'];
const VESSELS: Vessel[] = ['plate', 'bowl', 'board', 'pan'];
const METHODS: Method[] = ['bake', 'fry', 'simmer', 'boil', 'grill', 'raw', 'steam'];
const VISIBLE = INGREDIENTS.filter((i) => i.visible);
const INVISIBLE = INGREDIENTS.filter((i) => !i.visible);

const SMALL_WORDS = new Set(['and', 'with', 'of', 'a', 'the', 'in', 'on']);
const titleCase = (s: string): string =>
  s.split(' ').map((w, i) => (i > 0 && SMALL_WORDS.has(w) ? w : w.replace(/(^|-)([a-z])/g, (_, a: string, b: string) => a + b.toUpperCase()))).join(' ');

interface Quantity {
  line: string;
  amount: number;
}

const FRACTIONS: Array<[string, number]> = [['1/4', 0.25], ['1/3', 1 / 3], ['1/2', 0.5], ['2/3', 2 / 3], ['3/4', 0.75], ['1', 1], ['1 1/2', 1.5], ['2', 2], ['3', 3], ['4', 4]];

function quantity(ing: Ingredient, rng: Random): Quantity {
  const prep = rng.next() < 0.6 ? rng.pick(ing.preps) : '';
  const name = ing.name;
  const withPrep = (head: string): string => {
    if (prep === '') return `${head} ${name}`;
    // "1 cup chopped onion" or "1 onion, chopped"; longer preparations only after the name.
    return !prep.includes(' ') && rng.next() < 0.5 ? `${head} ${prep} ${name}` : `${head} ${name}, ${prep}`;
  };
  const pickQ = (lo: number, hi: number): [string, number] => rng.pick(FRACTIONS.filter(([, v]) => v >= lo && v <= hi));
  if (name === 'garlic') {
    const n = 1 + rng.int(5);
    return { line: `${n} clove${n > 1 ? 's' : ''} garlic${rng.next() < 0.7 ? ', minced' : ''}`, amount: n / 2 };
  }
  switch (ing.unit) {
    case 'count': {
      const [q, v] = pickQ(0.5, 4);
      const size = rng.next() < 0.4 ? `${rng.pick(['large', 'medium', 'small'])} ` : '';
      return { line: withPrep(`${q} ${size}`.trim()), amount: v / 2 };
    }
    case 'volume': {
      if (ing.category === 'herb' || rng.next() < 0.3) {
        const n = 1 + rng.int(4);
        return { line: withPrep(`${n} tablespoon${n > 1 ? 's' : ''}`), amount: n / 2 };
      }
      const [q, v] = pickQ(0.25, 3);
      return { line: withPrep(`${q} cup${v > 1 ? 's' : ''}`), amount: v };
    }
    case 'weight': {
      if (rng.next() < 0.3) {
        const oz = 4 * (1 + rng.int(4));
        return { line: withPrep(`${oz} ounces`), amount: oz / 16 };
      }
      const [q, v] = pickQ(0.5, 3);
      return { line: withPrep(`${q} pound${v > 1 ? 's' : ''}`), amount: v };
    }
    case 'spice': {
      const r = rng.next();
      if (r < 0.25) return { line: `${name} to taste`, amount: 0.5 };
      if (r < 0.35) return { line: `1 pinch ${name}`, amount: 0.3 };
      const [q, v] = pickQ(0.25, 2);
      return { line: `${q} teaspoon${v > 1 ? 's' : ''} ${name}`, amount: v };
    }
    case 'liquid': {
      if (rng.next() < 0.5) {
        const n = 1 + rng.int(4);
        return { line: `${n} tablespoon${n > 1 ? 's' : ''} ${name}`, amount: n / 2 };
      }
      const [q, v] = pickQ(0.25, 4);
      return { line: `${q} cup${v > 1 ? 's' : ''} ${name}`, amount: v };
    }
    case 'can': {
      const n = 1 + rng.int(2);
      const oz = rng.pick([15, 16, 19]);
      return { line: `${n} (${oz} ounce) can${n > 1 ? 's' : ''} ${name}${prep ? `, ${prep}` : ''}`, amount: n };
    }
    default:
      return { line: `1 ${name}`, amount: 1 };
  }
}

function listText(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function instructions(ings: Ingredient[], method: Method, dish: Dish | undefined, rng: Random): string[] {
  const names = ings.map((i) => i.name);
  const veg = ings.filter((i) => ['vegetable', 'herb', 'fruit'].includes(i.category)).map((i) => i.name);
  const protein = ings.filter((i) => ['meat', 'seafood', 'legume'].includes(i.category)).map((i) => i.name);
  const fats = ings.filter((i) => i.category === 'sauce' && /oil/.test(i.name)).map((i) => i.name);
  const any = () => rng.pick(names);
  const some = (n: number) => listText(rng.shuffle([...names]).slice(0, Math.min(n, names.length)));
  const minutes = dish ? Math.round(rng.uniform(dish.minutes[0], dish.minutes[1])) : 5 + rng.int(40);
  const temp = dish && dish.temperature[1] > 0 ? 25 * Math.round(rng.uniform(dish.temperature[0], dish.temperature[1]) / 25) : 325 + 25 * rng.int(5);
  const steps: string[] = [];
  if (method === 'bake') steps.push(`Preheat the oven to ${temp} degrees F (${Math.round(((temp - 32) * 5) / 9)} degrees C).`);
  if (method === 'grill') steps.push('Preheat an outdoor grill for medium-high heat, and lightly oil the grate.');
  if (veg.length > 0) steps.push(`${rng.pick(['Chop', 'Dice', 'Slice', 'Rinse and chop'])} the ${listText(veg.slice(0, 3))}.`);
  switch (method) {
    case 'bake':
      steps.push(`In a large bowl, ${rng.pick(['mix', 'whisk', 'stir'])} together the ${some(3)}.`);
      steps.push(`Spread the mixture in a greased baking dish and top with the ${any()}.`);
      steps.push(`Bake in the preheated oven for ${minutes} minutes, or until golden brown.`);
      break;
    case 'fry':
      steps.push(`Heat ${fats[0] ?? 'oil'} in a large skillet over medium-high heat.`);
      steps.push(`Add the ${protein[0] ?? any()} and cook for ${3 + rng.int(6)} minutes, stirring, until browned.`);
      steps.push(`Stir in the ${some(3)} and cook ${minutes} minutes more.`);
      break;
    case 'simmer':
      steps.push(`Heat ${fats[0] ?? 'butter'} in a large pot over medium heat and cook the ${veg[0] ?? any()} until soft, about 5 minutes.`);
      steps.push(`Add the ${some(3)} and bring to a boil.`);
      steps.push(`Reduce heat to low, cover, and simmer for ${minutes} minutes, stirring occasionally.`);
      break;
    case 'boil':
      steps.push('Bring a large pot of lightly salted water to a boil.');
      steps.push(`Cook the ${any()} for ${minutes} minutes until tender, then drain.`);
      steps.push(`Toss with the ${some(2)}.`);
      break;
    case 'grill':
      steps.push(`Season the ${protein[0] ?? any()} with the ${some(2)}.`);
      steps.push(`Grill for ${Math.max(2, Math.round(minutes / 2))} minutes per side, until the internal temperature reaches ${rng.pick([145, 160, 165])} degrees F.`);
      break;
    case 'raw':
      steps.push(`In a large bowl, combine the ${some(3)}.`);
      steps.push(`Whisk together the ${some(2)} and pour over the salad.`);
      steps.push(`Cover and refrigerate for ${minutes} minutes before serving.`);
      break;
    case 'griddle':
      steps.push(`Whisk the ${some(3)} in a bowl until smooth.`);
      steps.push(`Heat a lightly oiled griddle over medium-high heat and cook for ${minutes} minutes per batch.`);
      break;
    case 'steam':
      steps.push(`Mix the ${some(3)} in a bowl.`);
      steps.push(`Steam over boiling water for ${minutes} minutes.`);
      break;
    case 'freeze':
      steps.push(`Heat the ${some(2)} in a saucepan over low heat until steaming, then cool completely.`);
      steps.push(`Freeze for ${minutes + 120} minutes, stirring every 30 minutes.`);
      break;
  }
  if (dish) {
    const coreNames = dish.core.map(([n]) => n).filter((n) => names.includes(n));
    const extras = names.filter((n) => !dish.core.some(([c]) => c === n));
    steps.splice(Math.min(steps.length, 2 + rng.int(2)), 0, dish.signature.replace('{a}', coreNames[0] ?? any()).replace('{b}', extras[0] ?? coreNames[1] ?? any()));
  }
  if (rng.next() < 0.7) steps.push(`Season with ${rng.pick(['salt and pepper', 'a pinch of salt', 'black pepper'])} to taste.`);
  steps.push(`${rng.pick(['Garnish with', 'Top with', 'Sprinkle with'])} ${any()} and serve ${rng.pick(['warm', 'hot', 'immediately', 'chilled', 'at room temperature'])}.`);
  return steps;
}

function classedTitle(dish: Dish, classIndex: number, extra: Ingredient | undefined, rng: Random): string {
  for (let attempt = 0; attempt < 8; attempt++) {
    const parts: string[] = [];
    if (rng.next() < 0.5) parts.push(rng.pick(PREFIXES));
    if (rng.next() < 0.5) parts.push(rng.pick(ADJECTIVES));
    parts.push(titleCase(dish.name));
    const r = rng.next();
    if (r < 0.2 && extra) parts.push(`with ${titleCase(extra.name)}`);
    else if (r < 0.3) parts.push(rng.pick(SUFFIXES));
    const title = parts.join(' ');
    if (classifier.classify(title) === classIndex) return title;
  }
  return titleCase(dish.name);
}

function backgroundTitle(ings: Ingredient[], rng: Random): string {
  for (let attempt = 0; attempt < 20; attempt++) {
    const a = rng.pick(ings), b = rng.pick(ings);
    const parts: string[] = [];
    if (rng.next() < 0.5) parts.push(rng.pick(PREFIXES));
    if (rng.next() < 0.3) parts.push(rng.pick(ADJECTIVES));
    parts.push(a === b ? titleCase(a.name) : `${titleCase(a.name)} and ${titleCase(b.name)}`);
    parts.push(rng.pick(BG_WORDS));
    const title = parts.join(' ');
    if (classifier.classify(title) === 0) return title;
  }
  return `${rng.pick(PREFIXES)} ${rng.pick(BG_WORDS)} No. ${1 + rng.int(99)}`;
}

/** Partition of recipe `index`: each block of 20 holds 14 train, 3 val, 3 test, in a seeded order. */
function partition(index: number, seed: number): Split {
  const block = Math.floor(index / 20);
  const order = new Random(mix32(block, seed ^ 0x51ed2700)).permutation(20);
  const slot = order[index % 20];
  return slot < 14 ? 'train' : slot < 17 ? 'val' : 'test';
}

/** Recipe `index` of the cookbook of `seed`; depends on nothing else. */
export function makeRecipe(index: number, seed: number): MiniRecipe {
  const rng = new Random(mix32(index, mix32(seed, 0x2545f491)));
  const id = hex(mix32(index, mix32(seed, 0x68e31da4)), 8) + hex(rng.int(256), 2);
  const classed = rng.next() < 0.5;
  let dish: Dish | undefined;
  let classIndex = 0;
  const ings: Ingredient[] = [];
  const add = (i: Ingredient) => {
    if (!ings.includes(i)) ings.push(i);
  };
  let scene: Omit<Scene, 'items'>;
  let method: Method;
  if (classed) {
    const k = rng.int(DISHES.length);
    dish = DISHES[k];
    classIndex = DISH_CLASS[k];
    for (const [name, p] of dish.core) if (rng.next() < p) add(ingredient(name));
    const nExtra = 1 + rng.int(4);
    for (let e = 0; e < nExtra; e++) add(ingredient(rng.pick(dish.extras)));
    if (rng.next() < 0.3) add(rng.pick(VISIBLE));
    if (ings.length === 0) add(ingredient(dish.core[0][0]));
    scene = { vessel: rng.pick(dish.vessels), body: dish.body, bodyColor: dish.color };
    method = dish.method;
  } else {
    const nVisible = 2 + rng.int(6), nInvisible = 1 + rng.int(4);
    for (let e = 0; e < nVisible; e++) add(rng.pick(VISIBLE));
    for (let e = 0; e < nInvisible; e++) add(rng.pick(INVISIBLE));
    const base = ings[0].color;
    scene = { vessel: rng.pick(VESSELS), body: rng.pick(BODIES), bodyColor: [base[0] * 0.6 + 80, base[1] * 0.6 + 70, base[2] * 0.6 + 50] };
    method = rng.pick(METHODS);
  }
  rng.shuffle(ings);
  const lines: string[] = [];
  const det: Array<{ text: string; valid: boolean }> = [];
  const items: SceneItem[] = [];
  if (rng.next() < 0.05) {
    lines.push('For the sauce:');
    det.push({ text: 'for the sauce', valid: false });
  }
  for (const ing of ings) {
    const q = quantity(ing, rng);
    lines.push(q.line);
    det.push({ text: ing.name, valid: true });
    items.push({ ingredient: ing, amount: Math.min(3, Math.max(0.3, q.amount)) });
  }
  const title = classed ? classedTitle(dish!, classIndex, ings.find((i) => i.visible && !dish!.core.some(([n]) => n === i.name)), rng) : backgroundTitle(ings.filter((i) => i.visible), rng);
  const steps = instructions(ings, method, dish, rng);
  const images: MiniImage[] = [];
  if (rng.next() >= 0.08) {
    const r = rng.next();
    const n = r < 0.5 ? 1 : r < 0.8 ? 2 : 3;
    for (let k = 0; k < n; k++) {
      const e = rng.next();
      const ext = e < 0.94 ? 'jpg' : e < 0.97 ? 'png' : 'webp';
      images.push({ id: `${hex(mix32(index * 4 + k, mix32(seed, 0x1b873593)), 8)}${hex(rng.int(256), 2)}.${ext}`, ext });
    }
  }
  return { id, title, partition: partition(index, seed), classIndex, lines, det, instructions: steps, images, scene: { ...scene, items } };
}
