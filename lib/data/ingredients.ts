/**
 * Ingredient names from ingredient lines, for when det_ingrs.json is absent:
 * "1/2 cup finely chopped onion" -> "onion", "2 (15 ounce) cans black beans,
 * drained" -> "black beans", "salt to taste" -> "salt". Quantities, fractions,
 * units, parentheses, preparation words and trailing clauses are removed;
 * what is left is the name. det_ingrs.json (when present) is preferred.
 */

const UNITS = new Set(
  (
    'cup cups c tablespoon tablespoons tbsp tbsps tbs tbl tblsp teaspoon teaspoons tsp tsps t pound pounds lb lbs ' +
    'ounce ounces oz gram grams g kg kilogram kilograms mg ml milliliter milliliters millilitre l liter liters litre ' +
    'quart quarts qt pint pints pt gallon gallons pinch pinches dash dashes clove cloves can cans package packages ' +
    'pkg pkgs jar jars bottle bottles bunch bunches head heads stalk stalks rib ribs slice slices piece pieces ' +
    'sprig sprigs stick sticks handful handfuls container containers envelope envelopes box boxes bag bags inch ' +
    'inches drop drops fillet fillets sheet sheets loaf loaves packet packets scoop scoops splash'
  ).split(' '),
);

const PREP_WORDS = new Set(
  (
    'chopped minced diced sliced grated shredded crushed peeled fresh freshly large small medium finely thinly ' +
    'roughly coarsely cubed halved quartered trimmed drained rinsed softened melted beaten cooked uncooked boneless ' +
    'skinless thawed packed heaping level lightly well firmly cut into pieces seeded cored pitted julienned ' +
    'crumbled toasted divided optional room temperature about approximately plus more extra virgin ripe ' +
    'halves lukewarm prepared washed sifted skinned deveined strips cubes chunks cold'
  ).split(' '),
);

/** Lead-in phrases after which the rest of the line is a note, not the name. */
const TRAILING = /\b(to taste|as needed|for garnish|for serving|for frying|for dusting|or to taste|or more|if desired|at room temperature)\b.*$/;

/** The ingredient name of one line, lower-case with single spaces; '' when nothing is left. */
export function extractIngredientName(line: string): string {
  let s = line.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  s = s.replace(/[\u00bc-\u00be\u2150-\u215e]/g, ' '); // unicode fractions (NFKD turns most into digits/⁄)
  s = s.replace(/\([^)]*\)/g, ' ').replace(/\[[^\]]*\]/g, ' ');
  s = s.replace(TRAILING, ' ');
  s = s.replace(/\s[-–]\s.*$/, ' '); // "chicken - cut into cubes" -> "chicken"
  s = s.replace(/\bor\b.*$/, ' '); // "butter or margarine" -> "butter"
  // "onion, chopped" -> "onion"; "skinless, boneless chicken" -> "chicken" (first part with a name left).
  for (const part of s.split(/[,;:]/)) {
    const name = cleanPart(part);
    if (name !== '') return name;
  }
  return '';
}

function cleanPart(part: string): string {
  let s = part.replace(/[\d\u2044/.\-–]+/g, ' '); // quantities, fractions, ranges
  s = s.replace(/[^a-z\s'&]/g, ' ').replace(/'s\b/g, '').replace(/'/g, '');
  const kept: string[] = [];
  for (const w of s.split(/\s+/)) {
    if (w === '') continue;
    if (kept.length === 0 && (UNITS.has(w) || w === 'of' || w === 'a' || w === 'an' || w === 'and' || w === 'to')) continue;
    if (PREP_WORDS.has(w)) continue;
    if (w.endsWith('ly') && w.length > 4 && PREP_WORDS.has(w.slice(0, -2))) continue;
    kept.push(w);
  }
  // Drop dangling connectors left by removed words ("chicken and" after "and cubed").
  while (kept.length > 0 && ['and', 'of', 'with', 'in', 'for', 'to', 'the', 'a', '&'].includes(kept[kept.length - 1])) kept.pop();
  while (kept.length > 0 && ['and', 'of', 'the', '&'].includes(kept[0])) kept.shift();
  return kept.join(' ');
}
