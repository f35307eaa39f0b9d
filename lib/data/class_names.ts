/**
 * The class-name list: index 0 is background, 1..101 are the Food-101
 * category names (underscores as spaces), then frequent dish bigrams of
 * recipe titles, hand-written in the spirit of im2recipe's `classes1M.pkl`
 * (whose exact list is a pickle that this project does not ship). Order
 * matters: a recipe gets the FIRST class in this order whose name appears in
 * its lower-cased title (see classes.ts), so the more specific Food-101 names
 * come first. Every class of the recipe1m-mini generator is in this list.
 */

export const FOOD101_NAMES: readonly string[] = [
  'apple pie', 'baby back ribs', 'baklava', 'beef carpaccio', 'beef tartare', 'beet salad', 'beignets', 'bibimbap',
  'bread pudding', 'breakfast burrito', 'bruschetta', 'caesar salad', 'cannoli', 'caprese salad', 'carrot cake',
  'ceviche', 'cheesecake', 'cheese plate', 'chicken curry', 'chicken quesadilla', 'chicken wings', 'chocolate cake',
  'chocolate mousse', 'churros', 'clam chowder', 'club sandwich', 'crab cakes', 'creme brulee', 'croque madame',
  'cup cakes', 'deviled eggs', 'donuts', 'dumplings', 'edamame', 'eggs benedict', 'escargots', 'falafel',
  'filet mignon', 'fish and chips', 'foie gras', 'french fries', 'french onion soup', 'french toast',
  'fried calamari', 'fried rice', 'frozen yogurt', 'garlic bread', 'gnocchi', 'greek salad',
  'grilled cheese sandwich', 'grilled salmon', 'guacamole', 'gyoza', 'hamburger', 'hot and sour soup', 'hot dog',
  'huevos rancheros', 'hummus', 'ice cream', 'lasagna', 'lobster bisque', 'lobster roll sandwich',
  'macaroni and cheese', 'macarons', 'miso soup', 'mussels', 'nachos', 'omelette', 'onion rings', 'oysters',
  'pad thai', 'paella', 'pancakes', 'panna cotta', 'peking duck', 'pho', 'pizza', 'pork chop', 'poutine',
  'prime rib', 'pulled pork sandwich', 'ramen', 'ravioli', 'red velvet cake', 'risotto', 'samosa', 'sashimi',
  'scallops', 'seaweed salad', 'shrimp and grits', 'spaghetti bolognese', 'spaghetti carbonara', 'spring rolls',
  'steak', 'strawberry shortcake', 'sushi', 'tacos', 'takoyaki', 'tiramisu', 'tuna tartare', 'waffles',
];

/** Frequent dish bigrams (and a few single dish words) of recipe titles, after the Food-101 names. */
export const DISH_BIGRAMS: readonly string[] = [
  'banana bread', 'chicken soup', 'beef stew', 'fruit salad', 'pot roast', 'meat loaf', 'meatloaf', 'pound cake',
  'potato salad', 'pasta salad', 'chicken salad', 'tuna salad', 'egg salad', 'coleslaw', 'corn bread', 'cornbread',
  'zucchini bread', 'pumpkin bread', 'pumpkin pie', 'pecan pie', 'cherry pie', 'blueberry pie', 'key lime pie',
  'lemon bars', 'chocolate chip cookies', 'sugar cookies', 'oatmeal cookies', 'peanut butter cookies', 'brownies',
  'blueberry muffins', 'banana muffins', 'corn muffins', 'cinnamon rolls', 'dinner rolls', 'monkey bread',
  'french bread', 'white bread', 'whole wheat bread', 'pizza dough', 'pie crust', 'chicken pot pie',
  'shepherd s pie', 'cottage pie', 'chicken casserole', 'tuna casserole', 'green bean casserole',
  'sweet potato casserole', 'breakfast casserole', 'potato soup', 'tomato soup', 'lentil soup', 'bean soup',
  'split pea soup', 'vegetable soup', 'minestrone soup', 'butternut squash soup', 'mushroom soup', 'corn chowder',
  'chicken noodle soup', 'chicken chili', 'beef chili', 'turkey chili', 'white chili', 'chili con carne',
  'beef stroganoff', 'swedish meatballs', 'meatball sub', 'chicken parmesan', 'eggplant parmesan',
  'chicken marsala', 'chicken piccata', 'chicken alfredo', 'fettuccine alfredo', 'shrimp scampi', 'baked ziti',
  'stuffed peppers', 'stuffed shells', 'stuffed mushrooms', 'chicken enchiladas', 'beef enchiladas', 'burritos',
  'fajitas', 'chicken fajitas', 'quesadillas', 'taco salad', 'taco soup', 'salsa verde', 'pico de gallo',
  'black bean soup', 'refried beans', 'spanish rice', 'mexican rice', 'jambalaya', 'gumbo', 'red beans and rice',
  'dirty rice', 'fried chicken', 'chicken tenders', 'chicken nuggets', 'buffalo wings', 'roast chicken',
  'roasted chicken', 'grilled chicken', 'baked chicken', 'chicken breasts', 'chicken thighs', 'chicken stir fry',
  'beef stir fry', 'stir fry', 'sweet and sour chicken', 'orange chicken', 'kung pao chicken', 'general tso',
  'sesame chicken', 'teriyaki chicken', 'chicken teriyaki', 'lo mein', 'chow mein', 'egg rolls', 'wonton soup',
  'egg drop soup', 'thai curry', 'green curry', 'red curry', 'butter chicken', 'tikka masala', 'chicken tikka',
  'tandoori chicken', 'naan bread', 'dal', 'chana masala', 'roast beef', 'beef brisket', 'pulled pork',
  'pork tenderloin', 'pork loin', 'pork roast', 'pork ribs', 'spare ribs', 'short ribs', 'lamb chops', 'leg of lamb',
  'rack of lamb', 'roast turkey', 'turkey breast', 'turkey burgers', 'veggie burgers', 'sloppy joes', 'cheeseburger',
  'burger', 'meatballs', 'lasagne', 'spaghetti sauce', 'marinara sauce', 'pesto pasta', 'pasta primavera',
  'mac and cheese', 'baked beans', 'mashed potatoes', 'baked potatoes', 'roasted potatoes', 'scalloped potatoes',
  'potato gratin', 'hash browns', 'sweet potato fries', 'potato pancakes', 'roasted vegetables', 'grilled vegetables',
  'green beans', 'brussels sprouts', 'roasted cauliflower', 'glazed carrots', 'creamed spinach', 'corn on the cob',
  'garden salad', 'spinach salad', 'cobb salad', 'waldorf salad', 'quinoa salad', 'couscous salad', 'kale salad',
  'cucumber salad', 'tomato salad', 'bean salad', 'broccoli salad', 'chef salad', 'nicoise salad', 'salad dressing',
  'ranch dressing', 'vinaigrette', 'deviled egg', 'scrambled eggs', 'fried eggs', 'egg muffins', 'frittata',
  'quiche', 'quiche lorraine', 'crepes', 'blintzes', 'dutch baby', 'biscuits and gravy', 'biscuits', 'scones',
  'granola', 'overnight oats', 'oatmeal', 'smoothie', 'fruit smoothie', 'milkshake', 'hot chocolate', 'lemonade',
  'iced tea', 'sangria', 'margarita', 'mojito', 'eggnog', 'punch', 'apple crisp', 'apple crumble', 'peach cobbler',
  'blackberry cobbler', 'cherry cobbler', 'rice pudding', 'chocolate pudding', 'banana pudding', 'bread and butter',
  'fudge', 'toffee', 'caramel corn', 'peanut brittle', 'truffles', 'cake pops', 'cupcakes', 'coffee cake',
  'angel food cake', 'sponge cake', 'lemon cake', 'spice cake', 'bundt cake', 'layer cake', 'ice cream cake',
  'lava cake', 'upside down cake', 'fruitcake', 'shortbread', 'biscotti', 'gingerbread', 'snickerdoodles',
  'macaroons', 'meringue', 'pavlova', 'trifle', 'cheese ball', 'spinach dip', 'artichoke dip', 'bean dip',
  'onion dip', 'salsa', 'queso', 'cheese sauce', 'gravy', 'bbq sauce', 'barbecue sauce', 'hot sauce', 'pesto',
  'jam', 'jelly', 'pickles', 'relish', 'chutney', 'stuffing', 'dressing', 'fish tacos', 'fish cakes', 'baked fish',
  'fish stew', 'fish curry', 'salmon patties', 'baked salmon', 'shrimp cocktail', 'shrimp tacos', 'fried shrimp',
  'grilled shrimp', 'shrimp curry', 'seafood paella', 'crab dip', 'lobster tails', 'tuna steaks', 'poke bowl',
  'burrito bowl', 'buddha bowl', 'grain bowl', 'veggie wrap', 'chicken wrap', 'lettuce wraps', 'pita bread',
  'flatbread', 'focaccia', 'calzone', 'stromboli', 'panini', 'blt', 'reuben', 'philly cheesesteak', 'po boy',
  'tuna melt', 'egg sandwich', 'breakfast sandwich', 'chicken sandwich', 'veggie sandwich', 'banh mi',
  'fried rice bowl', 'risotto cakes', 'polenta', 'couscous', 'tabbouleh', 'pilaf', 'rice pilaf', 'biryani',
  'curry rice', 'congee', 'noodle soup', 'udon', 'soba noodles', 'rice noodles', 'sesame noodles', 'peanut noodles',
  'cold noodles', 'tofu stir fry', 'mapo tofu', 'kimchi', 'bulgogi', 'teriyaki', 'tempura', 'katsu', 'tonkatsu',
  'yakitori', 'okonomiyaki', 'empanadas', 'tamales', 'arepas', 'pupusas', 'ceviche tostadas', 'tostadas',
  'chilaquiles', 'pozole', 'menudo', 'carnitas', 'barbacoa', 'mole', 'shakshuka', 'baba ganoush', 'tzatziki',
  'souvlaki', 'moussaka', 'spanakopita', 'dolmas', 'kebabs', 'kofta', 'shawarma', 'tagine', 'goulash', 'schnitzel',
  'pierogi', 'borscht', 'bratwurst', 'sauerkraut', 'ratatouille', 'cassoulet', 'coq au vin', 'beef bourguignon',
  'bouillabaisse', 'vichyssoise', 'gazpacho', 'croissants', 'eclairs', 'profiteroles', 'madeleines', 'clafoutis',
  'tarte tatin', 'fruit tart', 'lemon tart', 'custard', 'flan', 'tres leches', 'sopapillas', 'fried ice cream',
  'sorbet', 'gelato', 'popsicles', 'energy balls', 'protein bars', 'granola bars', 'trail mix', 'party mix',
  'popcorn', 'kettle corn', 'roasted nuts', 'candied pecans', 'deviled ham', 'ham salad', 'chicken liver',
  'pate', 'terrine', 'meat pie', 'pasties', 'sausage rolls', 'pigs in a blanket', 'corn dogs', 'hush puppies',
  'fritters', 'corn fritters', 'zucchini fritters', 'apple fritters', 'latkes', 'tater tots', 'potato skins',
  'loaded fries', 'cheese fries', 'garlic knots', 'breadsticks', 'soft pretzels', 'bagels', 'english muffins',
  'sourdough bread', 'rye bread', 'soda bread', 'challah', 'brioche', 'cinnamon bread', 'raisin bread',
];

/** All class names; index 0 is background. Built once, duplicates removed (first occurrence wins). */
export const CLASS_NAMES: readonly string[] = (() => {
  const seen = new Set<string>();
  const out = ['background'];
  for (const name of [...FOOD101_NAMES, ...DISH_BIGRAMS]) {
    if (!seen.has(name)) {
      seen.add(name);
      out.push(name);
    }
  }
  return out;
})();
