/**
 * Ingredient names from ingredient lines, for when det_ingrs.json is absent.
 * det_ingrs.json (when present) is preferred; this extraction follows the
 * same convention, so that names from either source fall on the same tokens.
 *
 * The name of a line is its head ingredient, lower-case, accents stripped,
 * hyphens and other punctuation as single spaces, plurals as written:
 *   "1/2 cup finely chopped onion"                     -> "onion"
 *   "2 (15 ounce) cans black beans, drained"            -> "black beans"
 *   "Extra virgin olive oil 1/4 cup (40g)"               -> "olive oil"
 *   "1 cup cooked white or brown rice"                   -> "white rice"
 *   "1 serving [Easy Pizza Sauce](/recipes/pizza-sauce)" -> "pizza sauce"
 * Removed: quantities wherever they stand (digits, fractions, unicode
 * fractions, decimals, ranges "1-2", "2 to 3", "1 or 2", number words, "a
 * pinch of", "x 3") with the unit and container that follow them ("2 x
 * 400g tins", "1 pinch cloves" keeps "cloves"); sizes; preparation and state
 * words (chopped, fresh, cooked, frozen, cold, ...); quality words (extra
 * virgin, pure, good quality, homemade, store-bought); brand names before a
 * generic name ("Hellmann's mayonnaise"); parentheses; notes after a comma,
 * a spaced dash or a cue word ("to taste", "for garnish", "as needed", "if
 * desired", "cut into ...", "such as ...", "in oil"); a section prefix
 * ("For the sauce: ..."). Kept: what tells products apart (ground beef,
 * dried oregano, unsalted butter, whole milk, low sodium chicken broth,
 * smoked paprika). Alternatives keep the first ("butter or margarine" ->
 * "butter"), sharing the second's head when the first is a lone modifier
 * ("lemon or lime juice" -> "lemon juice"). "juice of 1 lemon" is "lemon
 * juice"; "garlic cloves" is "garlic"; "&" is "and" ("salt and pepper").
 */

const words = (s: string): string[] => s.split(' ').filter((w) => w !== '');
const set = (s: string): ReadonlySet<string> => new Set(words(s));

/** Units of measure: follow a quantity, or start a line ("pinch of salt", "cup sugar"). */
const MEASURES = set(
  'cup cups c tablespoon tablespoons tbsp tbsps tbs tbl tbls tblsp tblspn t teaspoon teaspoons tsp tsps ts ' +
  'pound pounds lb lbs ounce ounces oz floz gram grams gramme grammes g gr grs kg kgs kilo kilos kilogram kilograms ' +
  'mg milligram milligrams ml mls milliliter milliliters millilitre millilitres l liter liters litre litres dl ' +
  'deciliter deciliters decilitre decilitres cl centiliter centiliters centilitre centilitres quart quarts qt qts ' +
  'pint pints pt pts gallon gallons gal pinch pinches dash dashes drop drops splash splashes drizzle handful ' +
  'handfuls knob knobs inch inches in cm mm dozen doz scoop scoops dollop dollops',
);

/** Packs that hold a measured amount: may follow a measure ("2 x 400 g tins", "6 oz. can"). */
const PACKS = set(
  'can cans tin tins jar jars bottle bottles package packages pkg pkgs pack packs packet packets box boxes bag bags ' +
  'carton cartons container containers tub tubs envelope envelopes sachet sachets block blocks bar bars ball balls ' +
  'piece pieces',
);

/** Counted pieces: follow a quantity only ("3 cloves garlic"; "1 pinch cloves" keeps "cloves"). */
const PIECES = new Set([
  ...PACKS,
  ...words('slice slices stick sticks sheet sheets cube cubes bunch bunches head heads stalk stalks rib ribs sprig ' +
    'sprigs clove cloves leaf leaves loaf loaves fillet fillets ear ears wedge wedges strip strips serving servings ' +
    'portion portions batch batches recipe recipes'),
]);

/** Words that start an amount: number words and vague amounts. */
const AMOUNT_WORDS = set(
  'a an one two three four five six seven eight nine ten eleven twelve fifteen twenty dozen half quarter third ' +
  'couple few several some',
);
/** Amount words that may also trail a name ("coriander leaves few"). */
const VAGUE_AMOUNTS = set('few some several');
/** Words inside an amount that began with one of AMOUNT_WORDS ("a little", "a generous pinch"). */
const AMOUNT_TAIL = set('little bit generous good');
/** Names that begin with an amount word. */
const AMOUNT_NAMES: ReadonlyArray<readonly string[]> = ['half and half', 'five spice'].map(words);

/** Words between two quantities of one amount: "1 - 2", "2 to 3", "1 or 2", "1 cup plus 2 tbsp", "1 tbsp + 1 tsp". */
const QUANTITY_LINKS = set('to or and plus + -');

const SIZES = set('small medium large big jumbo extra xl lg med sm sized size whole thick thin');

/** Preparation, state and quality words: never part of the name. */
const PREP = set(
  'chopped minced diced sliced grated shredded crushed peeled fresh freshly finely thinly roughly coarsely cubed ' +
  'halved quartered trimmed drained rinsed softened melted beaten cooked uncooked boneless skinless thawed defrosted ' +
  'packed heaping heaped level lightly well firmly seeded deseeded cored pitted stoned julienned crumbled toasted ' +
  'divided optional ripe overripe about approximately approx around plus extra virgin halves lukewarm prepared ' +
  'washed sifted skinned deveined chunks cold warm chilled boiling squeezed torn lean frozen loosely tightly pure ' +
  'quality storebought homemade easy basic simple classic refrigerated canned jarred bottled leftover shaken ' +
  'spiralized husked shucked scrubbed cleaned mashed pureed zested juiced each generous very good best premium ' +
  'organic raw soaked separated',
);

/** Phrases dropped as a whole. */
const PREP_PHRASES: ReadonlyArray<readonly string[]> = ['store bought', 'good quality', 'high quality', 'best quality', 'extra virgin', 'room temperature', 'thick cut', 'thinly cut']
  .map(words);

/** "whole" is a size ("whole cloves") except in these names. */
const WHOLE_NAMES = set('milk wheat grain grains');

/** Brand names dropped when a generic name follows them ("Heinz ketchup" -> "ketchup"; "Nutella" stays). */
const BRANDS: ReadonlyArray<readonly string[]> = [
  'kraft', 'heinz', 'hellmann', 'hellmanns', 'best foods', 'philadelphia', 'mccormick', 'campbell', 'campbells',
  'betty crocker', 'pillsbury', 'nestle toll house', 'nestle', 'toll house', 'hershey', 'hersheys', 'ghirardelli',
  'kikkoman', 'knorr', 'goya', 'del monte', 'dole', 'libby', 'libbys', 'hunt', 'hunts', 'rao', 'raos', 'prego',
  'ragu', 'classico', 'bertolli', 'barilla', 'de cecco', 'swanson', 'college inn', 'progresso', 'old el paso',
  'ortega', 'morton', 'diamond crystal', 'lawry', 'lawrys', 'frank', 'franks', 'grey poupon', 'lea and perrins',
  'land o lakes', 'land olakes', 'kerrygold', 'challenge', 'daisy', 'breakstone', 'breakstones', 'sargento',
  'tillamook', 'cabot', 'jif', 'skippy', 'smucker', 'smuckers', 'welch', 'welchs', 'domino', 'king arthur',
  'bob red mill', 'bobs red mill', 'gold medal', 'quaker', 'kellogg', 'kelloggs', 'nabisco', 'keebler', 'mission',
  'thai kitchen', 'trader joe', 'trader joes', 'kirkland', 'great value', 'simply organic', 'spice islands', 'badia',
  'ocean spray', 'uncle ben', 'uncle bens', 'duncan hines', 'stouffer', 'stouffers', 'karo', 'wish bone',
  'wishbone', 'hidden valley', 'newman own', 'newmans own', 'annie', 'annies', 'bisquick', 'crisco', 'pam',
  'mazola', 'carnation', 'eagle brand', 'borden', 'sabra', 'chobani', 'fage', 'oikos', 'stonyfield', 'yoplait',
  'dannon', 'kroger', 'publix', 'wegmans', 'lindt', 'valrhona', 'callebaut', 'guittard', 'la choy', 'lee kum kee',
  'huy fong', 'maggi', 'oxo', 'bovril', 'colmans', 'colman', 'bisto', 'tate and lyle', 'silver spoon',
  'jimmy dean', 'johnsonville', 'oscar mayer', 'hillshire farm', 'hormel', 'tyson', 'perdue', 'butterball',
  'foster farms', 'bumble bee', 'starkist', 'green giant', 'birds eye', 'ore ida', 'minute maid', 'tropicana',
].map(words);

/** Words after which the rest of a part is a note, once a name has started ("butter for greasing", "salt to taste"). */
const CUT_WORDS = set('for to as if such with in into cut plus at like from when until');

/** Words that, alone before "or", share the head of what follows ("chicken or vegetable broth"). */
const MODIFIERS = set(
  'red green yellow orange white brown black purple pink golden dark light sweet hot mild spicy chicken beef ' +
  'vegetable veggie pork turkey lamb fish lemon lime corn flour wheat rice almond soy coconut cow goat canola ' +
  'olive peanut sesame sunflower apple cider wine balsamic dijon cherry grape roma plum baby regular',
);

const TRAILING_CONNECTORS = set('and of with in for to the a an or');

const UNICODE_FRACTIONS: Record<string, string> = {
  '¼': '1/4', '½': '1/2', '¾': '3/4', '⅐': '1/7', '⅑': '1/9', '⅒': '1/10', '⅓': '1/3', '⅔': '2/3', '⅕': '1/5',
  '⅖': '2/5', '⅗': '3/5', '⅘': '4/5', '⅙': '1/6', '⅚': '5/6', '⅛': '1/8', '⅜': '3/8', '⅝': '5/8', '⅞': '7/8',
};

const isNumber = (t: string) => /^\d+([.,]\d+)?(\/\d+)?$/.test(t) || /^\d*\/\d+$/.test(t);

/** The line as lower-case tokens: words, numbers, and the separators , ; : | (a spaced dash is a separator). */
function tokenize(line: string): string[] {
  let s = line.replace(/[¼½¾⅐-⅞]/g, (c) => ` ${UNICODE_FRACTIONS[c]} `).replace(/[®™©℠]/g, ' ');
  s = s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\u2044/g, '/');
  s = s.replace(/\[([^\]]*)\]\([^)]*\)/g, ' $1 '); // markdown link: its text
  s = s.replace(/\([^)]*\)?|\[[^\]]*\]?|\{[^}]*\}?/g, ' '); // parenthesised notes (an unclosed one runs to the end)
  s = s.replace(/\band\s*\/\s*or\b/g, ' or ');
  s = s.replace(/'s\b/g, '').replace(/['’`]/g, '');
  s = s.replace(/(\d)\s*-\s*(?=[a-z])/g, '$1 '); // "28-ounce", "1/2-inch"
  s = s.replace(/(\d)(?=[a-z])/g, '$1 ').replace(/([a-z])(?=\d)/g, '$1 '); // "10oz", "200g", "x3"
  s = s.replace(/\bfl\.?\s*oz\b/g, ' floz ');
  s = s.replace(/(\d)\s*[-–—]\s*(?=[\d.])/g, '$1 - '); // ranges "1-2", "2–3"
  s = s.replace(/\s[-–—]+\s|[–—]/g, ' | '); // a spaced dash separates the name from a note or a quantity
  s = s.replace(/&/g, ' & ').replace(/\+/g, ' + ');
  s = s.replace(/([a-z])-(?=[a-z])/g, '$1 ');
  s = s.replace(/(\d)\/(?=[a-z])/g, '$1 / ').replace(/([a-z.])\/(?=\d)/g, '$1 / ');
  const out: string[] = [];
  for (const m of s.matchAll(/\d+(?:[.,]\d+)?(?:\/\d+)?|\/\d+|[a-z]+|[,;:|&+/-]/g)) out.push(m[0]);
  return out;
}

const startsWith = (tokens: readonly string[], at: number, phrase: readonly string[]) => phrase.every((w, k) => tokens[at + k] === w);

/** Removes every quantity (with its link words, size, unit, pack and "of") from one part. */
function dropQuantities(tokens: readonly string[]): string[] {
  const out: string[] = [];
  const isAmountName = (j: number) => AMOUNT_NAMES.some((n) => startsWith(tokens, j, n));
  const startsAmount = (j: number): boolean => {
    const t = tokens[j];
    if (isNumber(t)) return true;
    if (!AMOUNT_WORDS.has(t) || isAmountName(j)) return false;
    // After a name has started, a number word is an amount only after "of" ("juice of half a lime") or as a vague amount at the end.
    return out.length === 0 || out[out.length - 1] === 'of' || (j === tokens.length - 1 && VAGUE_AMOUNTS.has(t));
  };
  let i = 0;
  while (i < tokens.length) {
    if (tokens[i] === 'x' && (isNumber(tokens[i + 1] ?? '') || isNumber(tokens[i - 1] ?? ''))) {
      i++; // "Eggs x 3", "3 x eggs"
      continue;
    }
    if (!startsAmount(i)) {
      out.push(tokens[i++]);
      continue;
    }
    for (;;) {
      while (i < tokens.length && (isNumber(tokens[i]) || AMOUNT_WORDS.has(tokens[i]) || AMOUNT_TAIL.has(tokens[i])) && !isAmountName(i)) i++;
      while (i < tokens.length && (SIZES.has(tokens[i]) || PREP.has(tokens[i])) && !(tokens[i] === 'whole' && WHOLE_NAMES.has(tokens[i + 1] ?? ''))) i++;
      if (MEASURES.has(tokens[i] ?? '')) {
        i++;
        if (tokens[i] === 'each') i++;
        if (PACKS.has(tokens[i] ?? '')) i++;
      } else if (PIECES.has(tokens[i] ?? '') && i + 1 < tokens.length) i++; // a piece word that ends the part is the name ("4 whole cloves")
      const link = tokens[i] ?? '';
      const next = tokens[i + 1] ?? '';
      if (link === 'x' || link === '/' || (QUANTITY_LINKS.has(link) && (isNumber(next) || (link !== 'and' && AMOUNT_WORDS.has(next))))) {
        i++; // "2 x 400 g", "250 ml / 9 fl oz", "1 or 2", "1 cup plus 2 tablespoons"
        continue;
      }
      if (link === 'of') i++;
      break;
    }
  }
  return out;
}

function dropPhrases(tokens: readonly string[], phrases: ReadonlyArray<readonly string[]>, onlyBeforeMore: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length;) {
    const p = phrases.find((ph) => startsWith(tokens, i, ph) && (!onlyBeforeMore || i + ph.length < tokens.length));
    if (p) i += p.length;
    else out.push(tokens[i++]);
  }
  return out;
}

/** The name in one part of a line (between separators), '' when none. */
function partName(tokens: readonly string[]): string {
  const t = dropPhrases(dropQuantities(tokens), PREP_PHRASES, false);
  const kept: string[] = [];
  for (let i = 0; i < t.length; i++) {
    const w = t[i], next = t[i + 1];
    if (w === 'or') {
      if (kept.length === 0) continue;
      return alternative(kept, t.slice(i + 1));
    }
    if (kept.length > 0 && CUT_WORDS.has(w)) {
      if (w !== 'from' || !['juice', 'zest'].includes(kept[kept.length - 1])) break;
      kept.push('of'); // "juice from 2 lemons" reads as "juice of"
      continue;
    }
    if (w === '&') kept.push('and');
    else if (!/^[a-z]/.test(w)) continue; // a stray "-", "/" or "+"
    else if (w === 'whole' && WHOLE_NAMES.has(next ?? '')) kept.push(w);
    else if (PREP.has(w) || SIZES.has(w)) continue;
    else if (w.length > 4 && w.endsWith('ly') && (PREP.has(next ?? '') || PREP.has(w.slice(0, -2)))) continue; // "loosely packed"
    else if (kept.length === 0 && (MEASURES.has(w) || PIECES.has(w)) && next === 'of') i++; // "pinch of salt"
    else if (kept.length === 0 && MEASURES.has(w) && w.length > 1 && next !== undefined) continue; // "cup sugar"
    else kept.push(w);
  }
  return finish(kept);
}

/** "A or B": A, or A with B's head when A is a lone modifier ("lemon or lime juice" -> "lemon juice"); B when A has no name. */
function alternative(first: string[], rest: string[]): string {
  const a = finish(first);
  const b = partName(rest);
  if (a === '') return b;
  const bw = words(b);
  if (MODIFIERS.has(a) && bw.length >= 2) return [a, ...bw.slice(1)].join(' ');
  return a;
}

function finish(kept: readonly string[]): string {
  let k = dropPhrases(kept, BRANDS, true);
  while (k.length > 0 && TRAILING_CONNECTORS.has(k[k.length - 1])) k = k.slice(0, -1);
  while (k.length > 0 && ['and', 'of', 'the', 'or'].includes(k[0])) k = k.slice(1);
  const name = k.join(' ');
  const of = /^(juice|zest|rind|peel|zest and juice|juice and zest) of (.+)$/.exec(name);
  if (of) return `${of[2]} ${of[1]}`;
  return name.replace(/^garlic cloves?$/, 'garlic');
}

/** The ingredient name of one line, lower-case with single spaces; '' when nothing is left. */
export function extractIngredientName(line: string): string {
  const tokens = tokenize(line);
  // Parts between separators; after "Header:" the rest is read first ("For the sauce: 2 tbsp soy sauce").
  const parts: string[][] = [[]];
  let afterColon: number | undefined;
  for (const t of tokens) {
    if (t === ',' || t === ';' || t === '|' || t === ':') {
      if (t === ':' && afterColon === undefined) afterColon = parts.length;
      parts.push([]);
    } else parts[parts.length - 1].push(t);
  }
  const order = afterColon === undefined ? parts : [...parts.slice(afterColon), ...parts.slice(0, afterColon)];
  for (const part of order) {
    const name = partName(part);
    if (name !== '') return name;
  }
  return '';
}
