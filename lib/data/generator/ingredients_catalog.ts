/**
 * The ingredients of recipe1m-mini (over 300), each with its own look: a
 * colour, a piece shape, a piece size and a surface texture, drawn by
 * render.ts. Invisible ingredients (salt, baking powder, water, oils, broths)
 * appear in the text only. Entries are written "name:colour:shape:size:texture"
 * inside a category that supplies defaults and the units its lines use.
 */

export type Shape =
  | 'round' | 'slice' | 'cube' | 'wedge' | 'strip' | 'ring' | 'fleck' | 'leaf' | 'floret' | 'stick' | 'grain'
  | 'shred' | 'crumble' | 'slab' | 'curl' | 'strand' | 'tube' | 'dollop' | 'drizzle' | 'dust' | 'sauce' | 'sheet';
export type Texture = 'smooth' | 'speckled' | 'striped' | 'glossy' | 'rough' | 'grilled';
export type UnitKind = 'count' | 'volume' | 'weight' | 'spice' | 'liquid' | 'can' | 'clove';

export interface Ingredient {
  name: string;
  category: string;
  visible: boolean;
  /** RGB 0..255. */
  color: [number, number, number];
  shape: Shape;
  /** Piece radius in pixels at zoom 1 on a 128-pixel image. */
  size: number;
  texture: Texture;
  unit: UnitKind;
  /** Preparation words used in its lines ("chopped"). */
  preps: readonly string[];
}

interface Category {
  shape: Shape;
  size: number;
  texture: Texture;
  unit: UnitKind;
  preps: readonly string[];
  visible: boolean;
  entries: string;
}

const CATEGORIES: Record<string, Category> = {
  vegetable: {
    shape: 'cube', size: 3.5, texture: 'smooth', unit: 'count', visible: true,
    preps: ['chopped', 'diced', 'sliced', 'finely chopped', 'thinly sliced', 'minced'],
    entries: `onion:#e8dcc0:ring:4; red onion:#9a3f6a:ring:4; green onions:#5fa83a:fleck:1.6; shallots:#c89a8a:ring:3;
      leek:#b8d890:ring:4; garlic:#f0ead0:fleck:1.3; ginger:#d8b060:fleck:1.4; carrots:#f07a20:slice:3.5;
      celery:#a8d070:cube:3; tomatoes:#d83020:wedge:5; cherry tomatoes:#e02818:round:4:glossy;
      roma tomatoes:#c82a1a:slice:4.5; sun-dried tomatoes:#8a2a18:strip:4:rough; red bell pepper:#d82020:strip:5:glossy;
      green bell pepper:#3a9a30:strip:5:glossy; yellow bell pepper:#f0c820:strip:5:glossy;
      orange bell pepper:#f08a20:strip:5:glossy; jalapeno:#3a8a28:ring:2.5; serrano pepper:#2a7a20:ring:2;
      poblano pepper:#2a5a20:strip:4; chipotle peppers:#7a2a18:strip:3:rough; red chili:#c01010:ring:2;
      zucchini:#5a9a40:slice:4.5; yellow squash:#f0d040:slice:4.5; butternut squash:#f0a040:cube:4;
      pumpkin:#e88a20:cube:4.5; eggplant:#5a2a5a:slice:5:glossy; mushrooms:#c8b090:slice:4;
      shiitake mushrooms:#7a5030:slice:4; portobello mushrooms:#5a4030:slice:6; broccoli:#2a7a2a:floret:4.5;
      cauliflower:#f0ecd8:floret:4.5; cabbage:#b8d8a0:strip:4; red cabbage:#7a2a6a:strip:4;
      napa cabbage:#e0ecc0:strip:5; brussels sprouts:#5a9a3a:round:4; kale:#2a5a2a:leaf:6:rough;
      spinach:#2a6a2a:leaf:5; arugula:#4a8a3a:leaf:4; romaine lettuce:#6aaa4a:leaf:7; iceberg lettuce:#b8e0a0:leaf:7;
      mixed greens:#4a8a4a:leaf:5; watercress:#3a7a30:leaf:3; bok choy:#8ac070:leaf:6; asparagus:#6a9a4a:stick:6;
      green beans:#4a9a3a:stick:5; snow peas:#7ac060:stick:4; peas:#5ab040:round:1.8:glossy; corn:#f8d840:grain:1.8;
      cucumber:#8ac070:slice:4.5:speckled; radishes:#d83a5a:slice:3; beets:#8a1a3a:cube:4; sweet potatoes:#e07030:cube:4;
      potatoes:#e8d8a0:cube:4.5; red potatoes:#c8a080:cube:4.5; yukon gold potatoes:#f0dc90:cube:4.5;
      parsnips:#f0e8c0:slice:3.5; turnips:#f0e0e8:cube:4; artichoke hearts:#b8c890:wedge:5; avocado:#8ab84a:cube:4.5;
      black olives:#2a2a20:ring:2.5:glossy; kalamata olives:#4a2a3a:round:2.5:glossy; green olives:#8a9a3a:round:2.5:glossy;
      capers:#5a6a30:round:1.2; pickles:#7a9a3a:slice:3.5:speckled; okra:#5a8a3a:ring:3; fennel:#e0ecc0:strip:4;
      jicama:#f4f0e4:stick:4; water chestnuts:#f0ecd8:slice:3; bamboo shoots:#e8d8a0:strip:3.5;
      bean sprouts:#f0f0d8:strip:3.5; hearts of palm:#f4f0dc:slice:3.5; sauerkraut:#e8e0b0:shred:2.6; lettuce:#8ac060:leaf:6; nori:#1a2a1a:sheet:6; roasted red peppers:#b02818:strip:5:glossy`,
  },
  herb: {
    shape: 'fleck', size: 1.4, texture: 'smooth', unit: 'volume', visible: true,
    preps: ['chopped fresh', 'fresh', 'minced fresh', 'chopped'],
    entries: `basil:#3a8a2a:leaf:3; parsley:#3a7a2a; cilantro:#4a8a3a; mint:#4aa04a:leaf:2.5; dill:#5a8a4a:shred:2;
      chives:#4a9a3a:shred:2; rosemary:#3a5a3a:shred:1.8; thyme:#5a6a4a; oregano:#5a6a3a; sage:#7a8a6a:leaf:2.5;
      bay leaves:#6a7a4a:leaf:3.5; tarragon:#4a7a3a:shred:1.8; lemongrass:#c8d890:ring:2.5; thai basil:#2a6a2a:leaf:2.8;
      curry leaves:#2a5a20:leaf:2.2; microgreens:#7ab84a:shred:1.6`,
  },
  spice: {
    shape: 'dust', size: 0.8, texture: 'smooth', unit: 'spice', visible: false, preps: [''],
    entries: `salt; black pepper; kosher salt; sea salt; paprika:#c83a1a:dust:0.9:smooth:visible; smoked paprika:#9a2a10:dust:0.9:smooth:visible;
      ground cumin; chili powder:#a83a1a:dust:0.9:smooth:visible; cayenne pepper:#c8301a:dust:0.8:smooth:visible; turmeric;
      ground cinnamon:#8a5a2a:dust:0.9:smooth:visible; ground nutmeg; ground ginger; garlic powder; onion powder; curry powder;
      garam masala; italian seasoning; ground coriander; allspice; ground cloves; cardamom; red pepper flakes:#b82a1a:fleck:1:smooth:visible;
      sesame seeds:#f0e0b0:fleck:1:smooth:visible; black sesame seeds:#202020:fleck:1:smooth:visible;
      poppy seeds:#303848:fleck:0.8:smooth:visible; dried oregano; dried thyme; dried basil; cajun seasoning;
      taco seasoning; cumin; five spice powder; saffron; star anise:#6a3018:fleck:2.2:rough:visible; fennel seeds; mustard seeds`,
  },
  baking: {
    shape: 'dust', size: 0.8, texture: 'smooth', unit: 'volume', visible: false, preps: ['', 'sifted'],
    entries: `all-purpose flour; whole wheat flour; bread flour; white sugar; brown sugar;
      powdered sugar:#fafafa:dust:1:smooth:visible; baking powder; baking soda; active dry yeast; cornstarch;
      vanilla extract; almond extract; cocoa powder:#5a3220:dust:1:smooth:visible; honey:#d89a30:drizzle:1.6:glossy:visible;
      maple syrup:#a8601a:drizzle:1.6:glossy:visible; molasses; corn syrup; water; ice; gelatin; cream of tartar; cornmeal`,
  },
  dairy: {
    shape: 'dollop', size: 5, texture: 'smooth', unit: 'volume', visible: false, preps: ['', 'softened', 'melted', 'cold'],
    entries: `butter; unsalted butter; milk; whole milk; buttermilk; heavy cream; half-and-half; evaporated milk;
      sweetened condensed milk; sour cream:#f8f8f0:dollop:5:smooth:visible; greek yogurt:#f8f6ee:dollop:5.5:smooth:visible;
      plain yogurt:#f4f2ea:dollop:5:smooth:visible; cream cheese:#f8f4e8:dollop:5:smooth:visible;
      whipped cream:#fcfcf8:dollop:6:rough:visible; eggs; egg yolks; egg whites;
      hard-boiled eggs:#f8f4e0:slice:5:smooth:visible; margarine; ghee`,
  },
  cheese: {
    shape: 'shred', size: 2.5, texture: 'smooth', unit: 'volume', visible: true,
    preps: ['shredded', 'grated', 'crumbled', ''],
    entries: `cheddar cheese:#f0a030; sharp cheddar cheese:#e89020; mozzarella cheese:#f8f4e4; buffalo mozzarella:#f8f8f0:slice:5.5;
      parmesan cheese:#f0e0a0:fleck:1.5; romano cheese:#ece0b0:fleck:1.5; feta cheese:#f8f8f0:cube:3:rough;
      goat cheese:#f8f8f4:crumble:3; blue cheese:#e8e8d8:crumble:3:speckled; swiss cheese:#f8e8a0:slice:5:speckled;
      provolone cheese:#f4e4b0:slice:5; monterey jack cheese:#f4ecc8; pepper jack cheese:#f4ecc8:shred:2.5:speckled;
      gouda cheese:#f0c060:cube:3; gruyere cheese:#f0d890; ricotta cheese:#fafaf0:dollop:5:rough; cotija cheese:#f8f4ec:crumble:2.2;
      queso fresco:#fafaf4:crumble:2.6; colby jack cheese:#f4b850:shred:2.5:speckled; american cheese:#f8a830:sheet:9;
      brie cheese:#f4ecd4:wedge:5; mascarpone cheese:#fcf8ec:dollop:5`,
  },
  meat: {
    shape: 'cube', size: 4.5, texture: 'rough', unit: 'weight', visible: true,
    preps: ['', 'cubed', 'trimmed', 'boneless skinless', 'cut into strips'],
    entries: `chicken breast:#e8d0b0:slab:10:grilled; chicken thighs:#c89070:slab:8:grilled; whole chicken:#d8a068:slab:13:glossy;
      ground chicken:#e0c8a8:crumble:2.6; ground beef:#6a3a2a:crumble:2.8; beef steak:#7a3a2a:slab:12:grilled;
      sirloin steak:#8a4030:slab:11:grilled; flank steak:#7a3020:strip:5:grilled; beef chuck:#6a3020:cube:5;
      beef brisket:#5a2a1a:slab:11:striped; pork chops:#d8b090:slab:11:grilled; pork tenderloin:#e0b898:slice:6;
      pork shoulder:#b07858:shred:3; ground pork:#c89a80:crumble:2.6; bacon:#b84a3a:strip:5:striped; pancetta:#d07a6a:cube:2.5;
      ham:#e89090:cube:4; prosciutto:#d87070:strip:6:striped; sausage:#9a5a3a:slice:4:speckled;
      italian sausage:#a86a4a:crumble:3:speckled; chorizo:#a8301a:slice:4:speckled; pepperoni:#b02a1a:slice:4.5:speckled;
      salami:#a0303a:slice:5:speckled; frankfurters:#c8603a:stick:6:glossy; ground turkey:#d8b8a0:crumble:2.6;
      turkey breast:#ead8c0:slab:11; lamb:#8a4a3a:cube:5; ground lamb:#8a5040:crumble:2.8; duck breast:#9a4a3a:slice:7:glossy;
      veal cutlets:#e4c4a8:slab:10; fried chicken:#c88038:slab:9:rough; meatballs:#6a3a28:round:5:rough; roast beef:#8a4a40:sheet:9:striped`,
  },
  seafood: {
    shape: 'slab', size: 9, texture: 'smooth', unit: 'weight', visible: true,
    preps: ['', 'peeled and deveined', 'skinned', 'cut into pieces'],
    entries: `salmon fillet:#f0906a:slab:11:striped; smoked salmon:#f08060:strip:6:striped; tuna steak:#a83a3a:slab:10;
      canned tuna:#d8c0a0:crumble:2.6; cod fillet:#f8f0e8:slab:11; tilapia fillets:#f4ece0:slab:10; halibut:#f8f4ec:slab:11;
      shrimp:#f8a080:curl:4.5:striped; prawns:#f09070:curl:5.5:striped; sea scallops:#f0e8d0:round:4.5:grilled;
      crab meat:#f8e8d8:shred:3:speckled; lobster meat:#e86a4a:cube:5; clams:#d8c8b0:round:4.5:striped;
      mussels:#2a2a38:wedge:5:glossy; calamari:#f0e8d8:ring:4; anchovies:#8a7a6a:strip:4:glossy; sardines:#9a9aa8:strip:6:glossy;
      catfish fillets:#e8dcc8:slab:10; tuna sashimi:#c83a48:sheet:6; white fish:#f6f0e6:slab:10; surimi:#f0f0f0:stick:4:striped`,
  },
  grain: {
    shape: 'grain', size: 1.8, texture: 'smooth', unit: 'volume', visible: true, preps: ['', 'uncooked', 'cooked'],
    entries: `spaghetti:#f0d890:strand:1.5; linguine:#f0d488:strand:1.8; fettuccine:#f0d080:strand:2.2; penne pasta:#f0d080:tube:3.5;
      elbow macaroni:#f0d070:curl:2.5; rotini pasta:#f0cc70:curl:3; bow tie pasta:#f0d080:wedge:3.5; egg noodles:#f0d060:strand:2;
      rice noodles:#f8f4e8:strand:1.4; ramen noodles:#f0e0a0:strand:1.5:rough; soba noodles:#a8906a:strand:1.4;
      udon noodles:#f4eedc:strand:2.6; lasagna noodles:#f0d890:sheet:10:striped; white rice:#f8f8f0; brown rice:#c8a070;
      jasmine rice:#fafaf2; basmati rice:#f6f2e4:grain:2.2; arborio rice:#f4f0e0:grain:2; wild rice:#4a3020:grain:2.2;
      quinoa:#e8dcb0:grain:1.3; couscous:#f0dca0:grain:1.1; bulgur:#d8b880:grain:1.2; rolled oats:#e0c8a0:grain:2.2:rough;
      breadcrumbs:#d8b070:dust:1:rough; panko:#e8d0a0:crumble:1.6; croutons:#d8a050:cube:3.2:rough;
      tortilla chips:#e8c060:wedge:6:speckled; corn tortillas:#e8d090:sheet:12:speckled; flour tortillas:#f4ead0:sheet:12:speckled;
      pita bread:#e8c890:wedge:7; french bread:#d8a060:slice:7:rough; hamburger buns:#d89a50:slab:12:glossy;
      puff pastry:#f0c070:sheet:9:striped; pizza dough; pie crust; graham cracker crumbs:#c88a48:dust:1.2:rough;
      hot dog buns:#d8a058:stick:9:glossy; english muffins:#e8cc98:round:8:rough; bagels:#c8884a:ring:8:glossy`,
  },
  legume: {
    shape: 'round', size: 2.2, texture: 'glossy', unit: 'can', visible: true, preps: ['', 'drained and rinsed', 'drained'],
    entries: `black beans:#2a2020; kidney beans:#7a2020:round:2.6; pinto beans:#b08a6a:round:2.4:speckled;
      cannellini beans:#f0ecd8:round:2.5; chickpeas:#e0c080:round:2.6:rough; lentils:#a86a3a:grain:1.4:smooth;
      red lentils:#e07a3a:grain:1.3:smooth; tofu:#f8f4e0:cube:4.5:smooth; tempeh:#c8a870:cube:4.5:speckled;
      edamame:#7ab850:round:2.2; navy beans:#f4f0e0:round:2; refried beans:#8a5a3a:sauce:20:rough`,
  },
  nut: {
    shape: 'crumble', size: 2.2, texture: 'rough', unit: 'volume', visible: true, preps: ['', 'chopped', 'toasted'],
    entries: `slivered almonds:#e8d0a8:strip:2.5:smooth; almonds:#c89060:round:2.6:rough; walnuts:#a87a4a; pecans:#8a5a3a:crumble:2.6;
      cashews:#e8d0a0:curl:2.8:smooth; peanuts:#d8a870:round:2.2:smooth; pine nuts:#f0e0b0:grain:1.6:smooth;
      pistachios:#8ab060:round:2:smooth; hazelnuts:#a8784a:round:2.4:smooth; macadamia nuts:#f0e4c0:round:2.8:smooth;
      sunflower seeds:#c8b890:grain:1.2:striped; pumpkin seeds:#5a8a3a:grain:1.8:smooth; chia seeds:#4a4a48:fleck:0.7;
      flax seeds:#8a5a30:fleck:0.8; coconut flakes:#f8f8f0:strip:2.5:smooth; peanut butter:#c08a4a:dollop:5:smooth;
      almond butter:#b07a48:dollop:5:rough; tahini`,
  },
  fruit: {
    shape: 'slice', size: 4, texture: 'smooth', unit: 'count', visible: true, preps: ['', 'sliced', 'peeled and sliced', 'halved'],
    entries: `apples:#c83a2a:slice:5; green apples:#8ac040:slice:5; bananas:#f0e090:slice:4; strawberries:#d81a2a:wedge:4:speckled;
      blueberries:#3a3a8a:round:2:glossy; raspberries:#c81a4a:round:2.6:rough; blackberries:#2a1a2a:round:2.8:rough;
      cherries:#9a0a1a:round:3:glossy; grapes:#6a2a5a:round:3:glossy; green grapes:#a8c860:round:3:glossy;
      oranges:#f08a10:wedge:5; lemon:#f8e040:slice:4.5; lime:#6ab030:slice:4; lemon zest:#f8e040:fleck:0.9;
      orange zest:#f09020:fleck:0.9; pineapple:#f8d840:cube:4:striped; mango:#f8b030:cube:4; peaches:#f8a860:slice:5;
      pears:#d8d080:slice:5; plums:#6a1a3a:wedge:4; kiwi:#7ab040:slice:4:speckled; pomegranate seeds:#c01030:round:1.4:glossy;
      cranberries:#b01020:round:2:glossy; dried cranberries:#8a1020:round:1.8:rough; raisins:#5a2a2a:round:1.6:rough;
      dates:#6a3a1a:stick:3:glossy; figs:#7a3a5a:wedge:4:speckled; apricots:#f0a040:slice:4; watermelon:#f04050:cube:5:speckled;
      cantaloupe:#f8a860:cube:4.5; rhubarb:#c84a5a:stick:4:striped; passion fruit:#e8c030:round:3:speckled;
      nectarines:#e87840:slice:5; papaya:#f88848:cube:4:speckled; dried apricots:#d8782a:round:2.6:rough`,
  },
  sauce: {
    shape: 'drizzle', size: 1.6, texture: 'glossy', unit: 'liquid', visible: false, preps: [''],
    entries: `olive oil; vegetable oil; canola oil; sesame oil; coconut oil; soy sauce; fish sauce;
      oyster sauce:#4a2a18:drizzle:1.5:glossy:visible; hoisin sauce:#4a1a10:drizzle:1.6:glossy:visible;
      sriracha:#d02010:drizzle:1.3:glossy:visible; hot sauce:#c83010:drizzle:1.2:glossy:visible; worcestershire sauce;
      ketchup:#b01a10:drizzle:1.8:glossy:visible; yellow mustard:#e0b020:drizzle:1.5:glossy:visible;
      dijon mustard:#c8a030:dollop:3:smooth:visible; mayonnaise:#f8f4e0:dollop:4:smooth:visible;
      balsamic vinegar:#3a1a10:drizzle:1.2:glossy:visible; red wine vinegar; apple cider vinegar; rice vinegar; white wine;
      red wine; chicken broth; beef broth; vegetable broth; coconut milk; tomato sauce:#c02a1a:sauce:22:glossy:visible;
      tomato paste:#a02010:dollop:3:smooth:visible; canned tomatoes:#b83020:sauce:22:rough:visible;
      marinara sauce:#b82818:sauce:22:rough:visible; salsa:#c84a2a:dollop:6:rough:visible; pesto:#3a7a2a:dollop:4:rough:visible;
      barbecue sauce:#6a2010:drizzle:2:glossy:visible; teriyaki sauce:#5a2a10:drizzle:1.8:glossy:visible;
      enchilada sauce:#8a2010:sauce:22:smooth:visible; alfredo sauce:#f0e8c8:sauce:22:smooth:visible;
      brown gravy:#7a4a28:sauce:20:glossy:visible; lemon juice; lime juice; orange juice;
      caramel sauce:#c07a2a:drizzle:1.6:glossy:visible; chocolate sauce:#3a1a10:drizzle:1.6:glossy:visible;
      strawberry jam:#b01830:dollop:3.5:glossy:visible; nutella:#5a3020:dollop:4:smooth:visible; miso paste; gochujang; tamarind; malt vinegar; beer; relish:#6a9a30:dollop:3:rough:visible;
      tartar sauce:#f0ecd0:dollop:3.5:smooth:visible; wasabi:#8ab050:dollop:2.5:smooth:visible;
      chili oil:#c02a10:drizzle:1.2:glossy:visible; sweet chili sauce:#e04a20:drizzle:1.5:glossy:visible; guacamole:#90b850:dollop:5:rough:visible;
      curry paste:#c85a20:sauce:22:smooth:visible; ranch dressing:#f4f0e4:drizzle:1.6:smooth:visible`,
  },
  sweet: {
    shape: 'round', size: 1.6, texture: 'glossy', unit: 'volume', visible: true, preps: [''],
    entries: `chocolate chips:#4a2a1a:round:1.6; dark chocolate:#3a1a10:cube:3:smooth; white chocolate chips:#f4ecd8:round:1.6;
      rainbow sprinkles:#e84a8a:fleck:1:striped; vanilla ice cream:#f8f0d8:round:9:rough;
      chocolate ice cream:#6a3a20:round:9:rough; marshmallows:#fcfcfa:cube:3:smooth; caramel candies:#c8802a:cube:2.6:glossy;
      toffee bits:#c89048:crumble:1.6:rough; candied ginger:#e8c070:cube:2:glossy; ladyfingers:#e8c890:stick:8:rough;
      oreo cookies:#2a2020:round:5:speckled; shortbread cookies:#f0d090:round:6:rough; ice cream cones:#d8a060:wedge:8:grilled`,
  },
};

function hexColor(hex: string, name: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`ingredient ${name}: bad colour ${hex}`);
  const v = parseInt(m[1], 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

function build(): Ingredient[] {
  const out: Ingredient[] = [];
  const seen = new Set<string>();
  for (const [category, c] of Object.entries(CATEGORIES)) {
    for (const raw of c.entries.split(';')) {
      const parts = raw.trim().split(':').map((p) => p.trim());
      const name = parts[0];
      if (name === '') continue;
      if (seen.has(name)) throw new Error(`ingredient ${name} listed twice`);
      seen.add(name);
      const hasColour = parts[1] !== undefined && parts[1] !== '';
      const visible = parts[5] === 'visible' || (c.visible && hasColour);
      out.push({
        name,
        category,
        visible,
        color: hasColour ? hexColor(parts[1], name) : [200, 200, 200],
        shape: ((parts[2] || c.shape) as Shape),
        size: parts[3] ? Number(parts[3]) : c.size,
        texture: ((parts[4] || c.texture) as Texture),
        unit: c.unit,
        preps: c.preps,
      });
    }
  }
  return out;
}

export const INGREDIENTS: readonly Ingredient[] = build();
export const INGREDIENT_BY_NAME: ReadonlyMap<string, Ingredient> = new Map(INGREDIENTS.map((i) => [i.name, i]));

export function ingredient(name: string): Ingredient {
  const i = INGREDIENT_BY_NAME.get(name);
  if (!i) throw new Error(`recipe1m-mini: unknown ingredient '${name}'`);
  return i;
}
