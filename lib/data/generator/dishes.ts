/**
 * The dish classes of recipe1m-mini (47, all in the shipped class list): each
 * has a plating (vessel and body shape, body colour), a characteristic
 * ingredient distribution (core ingredients with their probabilities, plus a
 * pool of optional ones: two recipes of one class differ, which gives hard
 * negatives), a cooking method, times and temperatures, and a signature step.
 */

export type Vessel = 'plate' | 'bowl' | 'board' | 'pan';
export type Body =
  | 'flat' | 'pile' | 'soup' | 'stack' | 'strands' | 'layers' | 'wedge' | 'rolls' | 'folded' | 'loaf' | 'pieces'
  | 'scoop' | 'grid' | 'dip' | 'sandwich';
export type Method = 'bake' | 'fry' | 'simmer' | 'boil' | 'grill' | 'raw' | 'griddle' | 'steam' | 'freeze';

export interface Dish {
  name: string;
  vessels: readonly Vessel[];
  body: Body;
  /** Body colour, RGB. */
  color: [number, number, number];
  /** [ingredient, probability of being in a recipe]. */
  core: ReadonlyArray<readonly [string, number]>;
  /** Optional ingredients: each recipe takes 1..4 of them. */
  extras: readonly string[];
  method: Method;
  /** Main cooking time range, minutes. */
  minutes: readonly [number, number];
  /** Oven or oil temperature range, degrees F (0: none). */
  temperature: readonly [number, number];
  /** A step only this dish has; {a} and {b} are replaced by core ingredient names. */
  signature: string;
}

function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function core(spec: string): Array<[string, number]> {
  return spec.split(',').map((s) => {
    const [name, p] = s.split('=').map((x) => x.trim());
    return [name, p === undefined ? 1 : Number(p)];
  });
}

function d(
  name: string, vessels: string, body: Body, color: string, coreSpec: string, extras: string, method: Method,
  minutes: [number, number], temperature: [number, number], signature: string,
): Dish {
  return {
    name, vessels: vessels.split('|') as Vessel[], body, color: rgb(color), core: core(coreSpec),
    extras: extras.split(',').map((s) => s.trim()), method, minutes, temperature, signature,
  };
}

export const DISHES: readonly Dish[] = [
  d('pizza', 'board|plate', 'flat', '#e0b060', 'pizza dough, marinara sauce=0.9, mozzarella cheese=0.9, olive oil=0.6',
    'pepperoni, mushrooms, green bell pepper, black olives, italian sausage, red onion, basil, ham, pineapple, spinach, feta cheese, jalapeno, parmesan cheese',
    'bake', [12, 20], [425, 500], 'Spread the {a} over the dough and top with the {b}.'),
  d('caesar salad', 'bowl|plate', 'pile', '#8cc060', 'romaine lettuce, parmesan cheese=0.9, croutons=0.85, lemon juice=0.7, olive oil=0.8',
    'chicken breast, anchovies, bacon, garlic, dijon mustard, black pepper, worcestershire sauce, hard-boiled eggs', 'raw', [5, 15], [0, 0],
    'Toss the {a} with the dressing and sprinkle with {b}.'),
  d('greek salad', 'bowl|plate', 'pile', '#a0c870', 'cucumber, tomatoes=0.9, feta cheese=0.9, kalamata olives=0.85, red onion=0.7, olive oil=0.8',
    'green bell pepper, dried oregano, red wine vinegar, romaine lettuce, lemon juice, parsley, chickpeas', 'raw', [5, 15], [0, 0],
    'Arrange the {a} and {b} and crumble the feta on top.'),
  d('caprese salad', 'plate|board', 'pieces', '#f4f0e4', 'buffalo mozzarella, roma tomatoes, basil=0.95, balsamic vinegar=0.7, olive oil=0.8',
    'sea salt, black pepper, avocado, arugula, cherry tomatoes, pesto', 'raw', [5, 10], [0, 0],
    'Alternate slices of {a} and {b} on a platter.'),
  d('chicken curry', 'bowl', 'soup', '#d89030', 'chicken thighs, onion=0.9, curry powder=0.8, coconut milk=0.7, garlic=0.8, ginger=0.7',
    'tomatoes, cilantro, white rice, potatoes, green bell pepper, garam masala, turmeric, spinach, chickpeas, red chili', 'simmer', [20, 45], [0, 0],
    'Stir the {a} into the sauce and simmer until the {b} is tender.'),
  d('pancakes', 'plate', 'stack', '#e0a860', 'all-purpose flour, milk, eggs=0.9, baking powder, butter=0.8, white sugar=0.7',
    'blueberries, bananas, maple syrup, strawberries, whipped cream, chocolate chips, powdered sugar, buttermilk, raspberries', 'griddle', [2, 5], [0, 0],
    'Pour 1/4 cup of batter onto the hot griddle for each pancake and flip when bubbles form.'),
  d('waffles', 'plate', 'grid', '#e8b060', 'all-purpose flour, milk, eggs, baking powder=0.9, butter=0.8, vanilla extract=0.6',
    'strawberries, maple syrup, whipped cream, blueberries, powdered sugar, bananas, bacon, fried chicken', 'griddle', [4, 6], [0, 0],
    'Ladle the batter onto the preheated waffle iron and cook until golden.'),
  d('spaghetti bolognese', 'plate|bowl', 'strands', '#f0d890', 'spaghetti, ground beef, canned tomatoes=0.9, onion=0.8, garlic=0.8, carrots=0.6',
    'celery, red wine, parmesan cheese, basil, dried oregano, tomato paste, mushrooms, olive oil, pancetta', 'simmer', [30, 90], [0, 0],
    'Add the {a} to the pan and break it up as it browns, then add the {b}.'),
  d('spaghetti carbonara', 'plate|bowl', 'strands', '#f4e0a0', 'spaghetti, pancetta=0.7, eggs, parmesan cheese=0.95, black pepper=0.9',
    'bacon, garlic, peas, parsley, romano cheese, heavy cream, mushrooms', 'boil', [10, 15], [0, 0],
    'Toss the hot {a} with the egg and cheese mixture off the heat.'),
  d('lasagna', 'plate|pan', 'layers', '#d86040', 'lasagna noodles, ricotta cheese=0.9, mozzarella cheese=0.95, marinara sauce=0.9, ground beef=0.7',
    'italian sausage, spinach, parmesan cheese, basil, eggs, mushrooms, zucchini, garlic', 'bake', [40, 60], [350, 375],
    'Layer the {a}, the sauce and the {b} in the baking dish, ending with cheese.'),
  d('fried rice', 'bowl|plate', 'pile', '#e8d8a0', 'white rice, eggs=0.9, soy sauce=0.9, peas=0.7, carrots=0.7, green onions=0.8',
    'shrimp, chicken breast, ham, sesame oil, garlic, bean sprouts, corn, pineapple, ginger, bacon', 'fry', [8, 15], [0, 0],
    'Push the {a} to the side, scramble the {b} and stir everything together.'),
  d('pad thai', 'plate|bowl', 'strands', '#e8c890', 'rice noodles, shrimp=0.7, bean sprouts=0.8, peanuts=0.85, eggs=0.8, fish sauce=0.8, lime=0.7',
    'tofu, green onions, chicken breast, cilantro, garlic, red pepper flakes, brown sugar, tamarind', 'fry', [10, 20], [0, 0],
    'Add the soaked {a} and the sauce and toss until coated, then top with {b}.'),
  d('ramen', 'bowl', 'soup', '#c89050', 'ramen noodles, chicken broth=0.8, soy sauce=0.8, eggs=0.8, green onions=0.85',
    'pork shoulder, bok choy, shiitake mushrooms, corn, miso paste, ginger, garlic, sesame oil, bean sprouts, nori', 'simmer', [10, 30], [0, 0],
    'Divide the {a} among bowls and ladle the hot broth over them, then add the {b}.'),
  d('pho', 'bowl', 'soup', '#b87a48', 'rice noodles, beef broth, flank steak=0.85, bean sprouts=0.8, thai basil=0.8, lime=0.7',
    'star anise, ginger, onion, cilantro, sriracha, hoisin sauce, jalapeno, fish sauce, ground cloves', 'simmer', [60, 180], [0, 0],
    'Lay the thin slices of {a} over the {b} and pour the boiling broth on top.'),
  d('miso soup', 'bowl', 'soup', '#c8a868', 'miso paste, tofu=0.9, green onions=0.85, water',
    'shiitake mushrooms, spinach, bok choy, ginger, soy sauce, sesame seeds, napa cabbage', 'simmer', [5, 15], [0, 0],
    'Dissolve the {a} in a little broth, then add the {b} and warm through without boiling.'),
  d('french onion soup', 'bowl', 'soup', '#9a6030', 'onion, beef broth, butter=0.8, gruyere cheese=0.85, french bread=0.85',
    'thyme, white wine, bay leaves, swiss cheese, garlic, worcestershire sauce, brown sugar', 'simmer', [45, 90], [400, 450],
    'Top each bowl with a slice of {a} and a thick layer of {b}, and broil until bubbly.'),
  d('clam chowder', 'bowl', 'soup', '#f0e8d0', 'clams, potatoes=0.9, heavy cream=0.8, bacon=0.7, onion=0.8, celery=0.6',
    'thyme, butter, all-purpose flour, parsley, bay leaves, black pepper, corn', 'simmer', [25, 45], [0, 0],
    'Stir the {a} and {b} into the creamy base and heat gently.'),
  d('tacos', 'plate|board', 'folded', '#e8d090', 'corn tortillas, ground beef=0.7, iceberg lettuce=0.7, cheddar cheese=0.8, salsa=0.7',
    'sour cream, taco seasoning, avocado, cilantro, red onion, lime, tomatoes, chicken breast, jalapeno, queso fresco, black beans', 'fry', [10, 20], [0, 0],
    'Spoon the {a} into the warm tortillas and top with {b}.'),
  d('nachos', 'plate|pan', 'pile', '#e8c060', 'tortilla chips, cheddar cheese=0.9, jalapeno=0.7, black beans=0.6, salsa=0.6',
    'sour cream, ground beef, guacamole, black olives, green onions, tomatoes, monterey jack cheese, refried beans, cilantro', 'bake', [8, 15], [350, 400],
    'Spread the {a} on a baking sheet and scatter the {b} over them.'),
  d('guacamole', 'bowl', 'dip', '#90b850', 'avocado, lime=0.9, red onion=0.8, cilantro=0.8, salt',
    'tomatoes, jalapeno, garlic, cumin, tortilla chips, serrano pepper, lime juice', 'raw', [5, 10], [0, 0],
    'Mash the {a} with a fork, leaving some chunks, and fold in the {b}.'),
  d('hummus', 'bowl', 'dip', '#e0c890', 'chickpeas, tahini, lemon juice=0.9, garlic=0.85, olive oil',
    'paprika, ground cumin, parsley, pine nuts, roasted red peppers, pita bread, red pepper flakes', 'raw', [5, 10], [0, 0],
    'Blend the {a} with the {b} until very smooth, adding water as needed.'),
  d('hamburger', 'plate|board', 'sandwich', '#d89a50', 'hamburger buns, ground beef, iceberg lettuce=0.7, tomatoes=0.7, onion=0.6',
    'cheddar cheese, american cheese, pickles, ketchup, yellow mustard, bacon, mayonnaise, avocado, red onion, mushrooms', 'grill', [8, 12], [0, 0],
    'Shape the {a} into patties and grill, then assemble on the {b}.'),
  d('hot dog', 'plate|board', 'loaf', '#d8a058', 'hot dog buns, frankfurters, yellow mustard=0.8, ketchup=0.7',
    'onion, pickles, sauerkraut, relish, jalapeno, cheddar cheese, bacon, chili powder', 'grill', [5, 10], [0, 0],
    'Grill the {a} until browned and place them in the {b}.'),
  d('club sandwich', 'plate|board', 'sandwich', '#e8c890', 'french bread, turkey breast, bacon=0.9, iceberg lettuce=0.8, tomatoes=0.8, mayonnaise=0.8',
    'ham, swiss cheese, avocado, cheddar cheese, chicken breast, pickles, red onion', 'raw', [10, 15], [0, 0],
    'Stack the {a} with the {b} and hold each quarter with a toothpick.'),
  d('grilled cheese sandwich', 'plate|board', 'sandwich', '#e0a850', 'french bread, cheddar cheese, butter',
    'american cheese, tomatoes, ham, bacon, swiss cheese, mozzarella cheese, gouda cheese, basil, pesto', 'fry', [5, 10], [0, 0],
    'Butter the {a} and cook the sandwich in a skillet until the {b} melts.'),
  d('omelette', 'plate', 'folded', '#f4d860', 'eggs, butter=0.8, milk=0.6',
    'cheddar cheese, ham, mushrooms, spinach, green bell pepper, onion, tomatoes, chives, feta cheese, bacon', 'fry', [4, 8], [0, 0],
    'Pour the {a} into the hot pan, add the {b} to one side and fold.'),
  d('french toast', 'plate', 'stack', '#d8a050', 'french bread, eggs, milk=0.9, ground cinnamon=0.8, vanilla extract=0.7',
    'maple syrup, powdered sugar, strawberries, butter, bananas, blueberries, whipped cream', 'griddle', [4, 8], [0, 0],
    'Dip each slice of {a} in the egg mixture and cook until golden on both sides.'),
  d('cheesecake', 'plate', 'wedge', '#f4ecd0', 'cream cheese, white sugar, eggs, graham cracker crumbs=0.9, butter=0.8',
    'strawberries, sour cream, vanilla extract, lemon zest, blueberries, caramel sauce, chocolate sauce, raspberries', 'bake', [50, 70], [325, 350],
    'Press the {a} into the pan and pour the {b} filling over the crust.'),
  d('chocolate cake', 'plate', 'wedge', '#4a2818', 'all-purpose flour, cocoa powder, white sugar, eggs, butter=0.7, baking soda=0.8',
    'dark chocolate, chocolate chips, buttermilk, vanilla extract, raspberries, strawberries, whipped cream, powdered sugar', 'bake', [30, 40], [350, 350],
    'Spread the frosting over the cooled layers and decorate with {b}.'),
  d('carrot cake', 'plate', 'wedge', '#d89858', 'carrots, all-purpose flour, brown sugar, eggs, ground cinnamon=0.9, cream cheese=0.85',
    'walnuts, pecans, raisins, pineapple, ground nutmeg, vegetable oil, coconut flakes', 'bake', [35, 50], [350, 350],
    'Fold the grated {a} and the {b} into the batter.'),
  d('apple pie', 'plate', 'wedge', '#e0b070', 'apples, pie crust, white sugar, ground cinnamon=0.9, butter=0.8',
    'lemon juice, ground nutmeg, brown sugar, vanilla ice cream, all-purpose flour, green apples', 'bake', [45, 60], [375, 425],
    'Fill the {b} with the sliced {a}, cover with the top crust and cut vents.'),
  d('risotto', 'bowl|plate', 'pile', '#f0e4b8', 'arborio rice, chicken broth, parmesan cheese=0.9, onion=0.8, white wine=0.7, butter=0.8',
    'mushrooms, asparagus, peas, butternut squash, shrimp, saffron, spinach, parsley, lemon zest', 'simmer', [20, 30], [0, 0],
    'Add the broth to the {a} one ladle at a time, stirring until absorbed, then stir in the {b}.'),
  d('paella', 'pan', 'flat', '#f0b830', 'white rice, saffron, shrimp=0.85, chorizo=0.7, mussels=0.6, peas=0.7',
    'chicken thighs, red bell pepper, clams, calamari, lemon, garlic, onion, smoked paprika, parsley', 'simmer', [25, 40], [0, 0],
    'Arrange the {b} over the {a} and cook without stirring until a crust forms.'),
  d('steak', 'plate|board', 'pieces', '#6a3020', 'beef steak, salt, black pepper, butter=0.7, garlic=0.7',
    'rosemary, thyme, mushrooms, potatoes, asparagus, olive oil, blue cheese, red onion, green beans', 'grill', [8, 15], [450, 500],
    'Sear the {a} for 4 minutes per side and rest it before slicing.'),
  d('grilled salmon', 'plate|board', 'pieces', '#e88a60', 'salmon fillet, lemon=0.9, olive oil=0.8, garlic=0.6, dill=0.6',
    'asparagus, honey, soy sauce, dijon mustard, brown sugar, parsley, white rice, capers, butter', 'grill', [10, 15], [400, 450],
    'Grill the {a} skin side down and finish with the {b}.'),
  d('chicken wings', 'plate|board', 'pieces', '#c86a30', 'chicken thighs, hot sauce=0.8, butter=0.7, garlic powder=0.6',
    'celery, blue cheese, ranch dressing, honey, barbecue sauce, soy sauce, carrots, sesame seeds', 'bake', [40, 50], [400, 425],
    'Toss the crispy {a} in the {b} until well coated.'),
  d('fish and chips', 'plate|board', 'pieces', '#e0b060', 'cod fillet, potatoes, all-purpose flour, vegetable oil',
    'lemon, peas, tartar sauce, malt vinegar, beer, baking powder, parsley, tilapia fillets', 'fry', [4, 8], [350, 375],
    'Dip the {a} in the batter and fry until golden, then serve with the {b}.'),
  d('sushi', 'board|plate', 'rolls', '#f8f8f0', 'white rice, rice vinegar, tuna sashimi=0.6, cucumber=0.7, avocado=0.6',
    'salmon fillet, crab meat, sesame seeds, soy sauce, ginger, wasabi, shrimp, carrots, cream cheese', 'raw', [20, 40], [0, 0],
    'Spread the {a} on the nori, lay the {b} along one edge and roll tightly.'),
  d('dumplings', 'plate|bowl', 'pieces', '#f0e8d8', 'all-purpose flour, ground pork=0.8, napa cabbage=0.7, ginger=0.7, green onions=0.8, soy sauce=0.8',
    'shrimp, garlic, sesame oil, shiitake mushrooms, ground chicken, rice vinegar, chili oil', 'steam', [8, 15], [0, 0],
    'Place a spoonful of {a} in the center of each wrapper and pleat the edges.'),
  d('spring rolls', 'plate|board', 'pieces', '#e0b870', 'rice noodles, carrots=0.8, cabbage=0.8, shrimp=0.6, mint=0.6',
    'bean sprouts, cucumber, lettuce, cilantro, hoisin sauce, peanuts, ground pork, sweet chili sauce', 'fry', [5, 10], [350, 375],
    'Roll the {b} tightly in the wrappers and fry until crisp.'),
  d('macaroni and cheese', 'bowl|pan', 'pile', '#f0b840', 'elbow macaroni, cheddar cheese, milk=0.9, butter=0.9, all-purpose flour=0.7',
    'breadcrumbs, bacon, gruyere cheese, parmesan cheese, paprika, yellow mustard, broccoli, panko', 'bake', [20, 30], [350, 400],
    'Stir the cooked {a} into the {b} sauce and pour into a baking dish.'),
  d('ice cream', 'bowl', 'scoop', '#f8ecd0', 'heavy cream, whole milk=0.8, white sugar, egg yolks=0.7, vanilla extract=0.8',
    'strawberries, chocolate chips, chocolate sauce, caramel sauce, rainbow sprinkles, mint, cocoa powder, oreo cookies, pecans', 'freeze', [20, 30], [0, 0],
    'Churn the {a} mixture in an ice cream maker and fold in the {b}.'),
  d('beet salad', 'plate|bowl', 'pile', '#8a2a48', 'beets, goat cheese=0.85, arugula=0.8, walnuts=0.7, balsamic vinegar=0.7',
    'oranges, feta cheese, red onion, spinach, olive oil, honey, pistachios, mixed greens', 'raw', [10, 60], [400, 400],
    'Arrange the roasted {a} over the {b} and crumble the cheese on top.'),
  d('banana bread', 'board|plate', 'loaf', '#b8804a', 'bananas, all-purpose flour, white sugar, eggs, butter=0.8, baking soda',
    'walnuts, chocolate chips, ground cinnamon, pecans, vanilla extract, sour cream, brown sugar', 'bake', [55, 65], [350, 350],
    'Mash the {a} and stir them into the batter with the {b}.'),
  d('chicken soup', 'bowl', 'soup', '#e8c878', 'chicken breast, chicken broth, carrots=0.9, celery=0.85, onion=0.85',
    'egg noodles, parsley, thyme, bay leaves, garlic, potatoes, dill, white rice, peas', 'simmer', [30, 60], [0, 0],
    'Return the shredded {a} to the pot with the {b} and simmer until tender.'),
  d('beef stew', 'bowl', 'soup', '#7a4020', 'beef chuck, potatoes=0.9, carrots=0.9, beef broth, onion=0.8',
    'celery, red wine, tomato paste, thyme, bay leaves, peas, mushrooms, garlic, all-purpose flour, worcestershire sauce', 'simmer', [90, 150], [0, 0],
    'Brown the {a} in batches, then return it to the pot with the {b}.'),
  d('fruit salad', 'bowl', 'pile', '#e8d060', 'strawberries, blueberries=0.8, pineapple=0.7, grapes=0.7, bananas=0.6',
    'kiwi, mango, oranges, honey, mint, lime juice, cantaloupe, watermelon, raspberries, apples', 'raw', [10, 15], [0, 0],
    'Gently fold the {a} and {b} together with the dressing.'),
];
