import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { buildCriterion, criterionSchema, summarizeTerms, type CriterionOptions, type TermStats } from '../../lib/losses/index.js';
import { defaults } from '../../lib/options/index.js';
import { POSITIVES_PER_ANCHOR, semanticTriplets } from '../../lib/losses/miners/semantic.js';
import { activeOf, classedCrossEntropy, cosDist, instanceCosts, listedCosts, reduceCosts, semanticCosts, transpose, type Matrix } from './reference.js';

before(async () => {
  await initBackend('cpu');
});

const IMAGES: Matrix = [
  [1, 0.2, 0],
  [0.1, 1, 0.3],
  [0.5, 0.5, 0.1],
  [0, 0.3, 1],
  [-0.4, 0.2, 0.6],
];
const RECIPES: Matrix = [
  [0.9, 0.1, 0.2],
  [0.2, 0.8, 0.1],
  [0.1, 0.9, 0.5],
  [0.3, 0.1, 0.9],
  [0.6, -0.1, 0.4],
];
const CLASSES = [0, 1, 1, 2, 2];

const adamine = defaults(criterionSchema);
const opts = (over: Partial<CriterionOptions>): CriterionOptions => ({ ...adamine, ...over });

interface Run {
  total: number;
  stats: TermStats[];
  grads: Float32Array[];
}

/** Runs the criterion inside variableGrads the way the engine does, with images and recipes as variables. */
function run(o: CriterionOptions, images = IMAGES, recipes = RECIPES, classes = CLASSES, logits?: [Matrix, Matrix]): Run {
  const criterion = buildCriterion(o);
  const variable = (m: Matrix) => tf.tidy(() => tf.variable(tf.tensor2d(m)));
  const vi = variable(images);
  const vr = variable(recipes);
  const cls = tf.tensor1d(classes, 'int32');
  const li = logits ? variable(logits[0]) : undefined;
  const lr = logits ? variable(logits[1]) : undefined;
  let terms: ReturnType<typeof criterion.compute>['terms'] = [];
  const vars = [vi, vr, ...(li && lr ? [li, lr] : []), ...criterion.namedVariables.values()];
  const { value, grads } = tf.variableGrads(() => {
    const out = criterion.compute({ images: vi, recipes: vr, classes: cls, imageLogits: li, recipeLogits: lr });
    terms = out.terms;
    return out.total;
  }, vars);
  const stats = summarizeTerms(terms);
  const result = { total: value.dataSync()[0], stats, grads: vars.map((v) => grads[v.name].dataSync() as Float32Array) };
  tf.dispose([value, ...Object.values(grads), vi, vr, cls, ...(li && lr ? [li, lr] : [])]);
  criterion.dispose();
  return result;
}

const close = (a: number, b: number, what: string, tol = 1e-5) => assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);
const term = (r: Run, name: string) => {
  const t = r.stats.find((s) => s.name === name);
  assert.ok(t, `term ${name} missing in ${r.stats.map((s) => s.name)}`);
  return t;
};
const allFinite = (r: Run) => r.grads.every((g) => g.every(Number.isFinite));

for (const reduction of ['mean', 'hardest', 'adaptive'] as const) {
  test(`triplet loss with semantic terms, ${reduction} reduction, matches the hand computation`, () => {
    const d = cosDist(IMAGES, RECIPES);
    const dt = transpose(d);
    const irr = instanceCosts(d, 0.3);
    const rii = instanceCosts(dt, 0.3);
    const sirr = semanticCosts(d, CLASSES, 0.3);
    const srii = semanticCosts(dt, CLASSES, 0.3);
    const r = run(opts({ reduction }));
    assert.deepEqual(r.stats.map((s) => s.name), ['IRR', 'RII', 'SIRR', 'SRII']);
    // 5 anchors × 4 negatives; semantic: 4 classed anchors × 1 positive × 2 negatives.
    assert.deepEqual(r.stats.map((s) => s.triplets), [20, 20, 8, 8]);
    const expected = [irr, rii, sirr, srii].map((c) => reduceCosts(c, reduction));
    r.stats.forEach((s, k) => close(s.loss, expected[k], `${s.name} loss`));
    r.stats.forEach((s, k) => assert.equal(s.active, activeOf([irr, rii, sirr, srii][k]), `${s.name} active`));
    close(r.total, (expected[0] + expected[1] + 0.1 * expected[2] + 0.1 * expected[3]) / 4, 'total');
    assert.ok(allFinite(r));
    assert.ok(r.grads[0].some((g) => g !== 0), 'the images get a gradient');
  });
}

test('the batch has both zero and non-zero triplets (so the reductions differ)', () => {
  const irr = instanceCosts(cosDist(IMAGES, RECIPES), 0.3);
  const a = activeOf(irr);
  assert.ok(a > 0 && a < irr.length, `active ${a} of ${irr.length}`);
});

test('semantic_weight 0 drops the semantic terms (avg_nosem / max)', () => {
  const r = run(opts({ reduction: 'mean', semantic_weight: 0 }));
  assert.deepEqual(r.stats.map((s) => s.name), ['IRR', 'RII']);
  const d = cosDist(IMAGES, RECIPES);
  close(r.total, (reduceCosts(instanceCosts(d, 0.3), 'mean') + reduceCosts(instanceCosts(transpose(d), 0.3), 'mean')) / 2, 'total');
});

test('semi-hard miner keeps the triplets with d(a,n) > d(a,p) only', () => {
  const d = cosDist(IMAGES, RECIPES);
  const r = run(opts({ miner: 'semi_hard', semantic_weight: 0 }));
  const irr = instanceCosts(d, 0.3).filter((c) => c.dn > c.dp);
  const rii = instanceCosts(transpose(d), 0.3).filter((c) => c.dn > c.dp);
  assert.equal(term(r, 'IRR').triplets, irr.length);
  assert.ok(irr.length < 20);
  close(term(r, 'IRR').loss, reduceCosts(irr, 'adaptive'), 'IRR');
  close(term(r, 'RII').loss, reduceCosts(rii, 'adaptive'), 'RII');
});

test('adaptive with no active triplet gives exactly 0 and a zero gradient, never NaN', () => {
  const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const r = run(opts({ reduction: 'adaptive' }), eye, eye, [0, 0, 0]);
  assert.equal(r.total, 0);
  for (const s of r.stats) {
    assert.equal(s.loss, 0);
    assert.equal(s.active, 0);
  }
  assert.equal(term(r, 'SIRR').triplets, 0);
  for (const g of r.grads) assert.ok(g.every((x) => x === 0), `gradient ${[...g]}`);
});

test('pairwise: margins applied per pair, 80 % mismatched weighting, classification terms', () => {
  const d = cosDist(IMAGES, RECIPES);
  const logitsI = [[0.1, 0.5, -0.2], [1, 0, 0], [0, 2, 1], [0.3, 0.3, 0.3], [-1, 0, 1]];
  const logitsR = [[0.2, 0.1, 0], [0, 1, 0], [0.5, 0.5, 2], [1, -1, 0], [0, 0, 3]];
  const o = opts({ name: 'pairwise', reduction: 'mean', pos_margin: 0.3, neg_margin: 0.9 });
  const r = run(o, IMAGES, RECIPES, CLASSES, [logitsI, logitsR]);
  let pos = 0;
  let neg = 0;
  let negActive = 0;
  for (let i = 0; i < 5; i++) {
    pos += Math.max(0, d[i][i] - 0.3) / 5;
    for (let j = 0; j < 5; j++) {
      if (j === i) continue;
      const c = Math.max(0, 0.9 - d[i][j]);
      neg += c / 20;
      if (c > 0) negActive++;
    }
  }
  // Item 0 is background: the classification terms average items 1-4 only.
  const ce = (logits: Matrix) => classedCrossEntropy(logits, CLASSES);
  close(term(r, 'pos').loss, pos, 'pos');
  close(term(r, 'neg').loss, neg, 'neg');
  assert.equal(term(r, 'neg').active, negActive);
  assert.equal(term(r, 'neg').triplets, 20);
  assert.equal(term(r, 'cls_image').triplets, 4);
  close(term(r, 'cls_image').loss, ce(logitsI), 'cls_image');
  close(term(r, 'cls_recipe').loss, ce(logitsR), 'cls_recipe');
  close(r.total, (0.98 * 0.2 * pos + 0.98 * 0.8 * neg + 0.01 * ce(logitsI) + 0.01 * ce(logitsR)) / 4, 'total');
  // A different margin changes the loss: it is really applied.
  const r0 = run({ ...o, pos_margin: 0 }, IMAGES, RECIPES, CLASSES, [logitsI, logitsR]);
  assert.ok(term(r0, 'pos').loss > term(r, 'pos').loss);
  assert.ok(allFinite(r));
  assert.equal(buildCriterion(o).needsSemanticHead, true);
});

test('pairwise: the matched term reports the share of matched pairs inside pos_margin; with none inside, PWC++ is PWC minus a constant, with the same gradient', () => {
  const d = cosDist(IMAGES, RECIPES);
  const logits: [Matrix, Matrix] = [IMAGES.map((r) => r.slice(0, 3)), RECIPES.map((r) => r.slice(0, 3))];
  const o = opts({ name: 'pairwise', reduction: 'mean', pos_margin: 0.3, neg_margin: 0.9 });
  const matched = d.map((row, i) => row[i]);
  // A margin between the matched distances binds for some pairs only.
  const sorted = [...matched].sort((a, b) => a - b);
  const binding = (sorted[1] + sorted[2]) / 2;
  const inside = (m: number) => term(run({ ...o, pos_margin: m }, IMAGES, RECIPES, CLASSES, logits), 'pos').probes?.inside_margin;
  close(inside(binding) as number, 2 / 5, 'inside_margin, binding margin');
  assert.equal(inside(0), 0);
  // Below every matched distance: no pair inside, the two losses differ by weight × margin / terms and train alike.
  const below = sorted[0] / 2;
  const pwc = run({ ...o, pos_margin: 0 }, IMAGES, RECIPES, CLASSES, logits);
  const plus = run({ ...o, pos_margin: below }, IMAGES, RECIPES, CLASSES, logits);
  assert.equal(term(plus, 'pos').probes?.inside_margin, 0);
  close(pwc.total - plus.total, (0.98 * 0.2 * below) / 4, 'constant difference');
  pwc.grads.forEach((g, k) => g.forEach((x, i) => close(plus.grads[k][i], x, `gradient ${k}[${i}]`)));
  // A binding margin changes the gradient.
  const bound = run({ ...o, pos_margin: binding }, IMAGES, RECIPES, CLASSES, logits);
  assert.ok(bound.grads[0].some((x, i) => Math.abs(x - pwc.grads[0][i]) > 1e-6));
});

test('pairwise classification by hand: background items count for nothing; a batch without a classed item gives 0 and a zero gradient', () => {
  const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const logits: Matrix = [[2, 0, 0], [0, 1, 3], [1, 1, 0]];
  const o = opts({ name: 'pairwise', reduction: 'mean' });
  // Classes [0, 2, 1]: items 1 and 2 count. Item 1: log(e^0 + e^1 + e^3) - 3; item 2: log(2e + 1) - 1.
  const byHand = (Math.log(1 + Math.E + Math.E ** 3) - 3 + (Math.log(2 * Math.E + 1) - 1)) / 2;
  const r = run(o, eye, eye, [0, 2, 1], [logits, logits]);
  close(term(r, 'cls_image').loss, byHand, 'cls_image');
  assert.equal(term(r, 'cls_image').triplets, 2);
  // Changing the background item's logits changes nothing.
  const moved = run(o, eye, eye, [0, 2, 1], [[[-5, 9, 1], ...logits.slice(1)], logits]);
  close(term(moved, 'cls_image').loss, byHand, 'cls_image, other background logits');
  assert.ok(moved.grads[2].slice(0, 3).every((g) => g === 0), 'no gradient reaches the background row');
  const none = run(o, eye, eye, [0, 0, 0], [logits, logits]);
  for (const name of ['cls_image', 'cls_recipe']) {
    assert.equal(term(none, name).loss, 0, name);
    assert.equal(term(none, name).triplets, 0, name);
  }
  assert.ok(Number.isFinite(none.total));
  assert.ok(none.grads[2].every((g) => g === 0) && none.grads[3].every((g) => g === 0), 'zero gradient on the logits');
});

// Three classes of 3, 3 and 2 members ([0, 0, 0] background), 8 pairs.
const IMAGES8: Matrix = [[1, 0.2, 0], [0.1, 1, 0.3], [0.5, 0.5, 0.1], [0, 0.3, 1], [-0.4, 0.2, 0.6], [0.7, -0.2, 0.4], [0.2, 0.6, -0.5], [0.9, 0.4, 0.3]];
const RECIPES8: Matrix = [[0.9, 0.1, 0.2], [0.2, 0.8, 0.1], [0.1, 0.9, 0.5], [0.3, 0.1, 0.9], [0.6, -0.1, 0.4], [0.5, 0.3, 0.5], [0.1, 0.5, -0.3], [0.8, 0.6, 0.1]];
const CLASSES8 = [0, 0, 0, 1, 1, 1, 2, 2];
// By hand: class 1 anchors (3, 4, 5) take the first other class-1 item (4, 3, 3) and the class-2 negatives 6, 7;
// class 2 anchors (6, 7) take 7 and 6, and the class-1 negatives 3, 4, 5. 3 x 2 + 2 x 3 = 12 triplets.
const SEMANTIC8: [number, number, number][] = [
  [3, 4, 6], [3, 4, 7], [4, 3, 6], [4, 3, 7], [5, 3, 6], [5, 3, 7],
  [6, 7, 3], [6, 7, 4], [6, 7, 5], [7, 6, 3], [7, 6, 4], [7, 6, 5],
];

const listed = (t: { anchors: Int32Array; positives: Int32Array; negatives: Int32Array; size: number }) =>
  Array.from(t.anchors, (a, m) => [a, t.positives[m] - a * t.size, t.negatives[m] - a * t.size]);

test('semantic triplets, classes of 3 and 4: one positive per anchor, the first other item of its class in batch order', () => {
  assert.deepEqual(listed(semanticTriplets(CLASSES8)), SEMANTIC8);
  // Every other same-class item as a positive: class 1 anchors have 2 each, 3 x 2 x 2 + 2 x 1 x 3 = 18.
  assert.equal(semanticTriplets(CLASSES8, POSITIVES_PER_ANCHOR.all).anchors.length, 18);
  // Class 1 has 4 members (1, 2, 4, 5), class 2 two (0, 6), background 3 and 7.
  // First positives: 1 -> 2, 2 -> 1, 4 -> 1, 5 -> 1, 0 -> 6, 6 -> 0; 4 x 2 + 2 x 4 = 16 triplets (all: 4 x 3 x 2 + 8 = 32).
  const four = [2, 1, 1, 0, 1, 1, 2, 0];
  assert.deepEqual(listed(semanticTriplets(four)), [
    [0, 6, 1], [0, 6, 2], [0, 6, 4], [0, 6, 5],
    [1, 2, 0], [1, 2, 6], [2, 1, 0], [2, 1, 6], [4, 1, 0], [4, 1, 6], [5, 1, 0], [5, 1, 6],
    [6, 0, 1], [6, 0, 2], [6, 0, 4], [6, 0, 5],
  ]);
  assert.equal(semanticTriplets(four, POSITIVES_PER_ANCHOR.all).anchors.length, 32);
  // An item alone of its class has no positive, so no triplet as an anchor (still a negative for the others).
  assert.deepEqual(listed(semanticTriplets([1, 1, 2])), [[0, 1, 2], [1, 0, 2]]);
});

for (const reduction of ['adaptive', 'mean'] as const) {
  test(`${reduction === 'adaptive' ? 'AdaMine' : 'AdaMine_avg'} loss on classes of 3 members, by hand; semantic_positives all is the named alternative`, () => {
    const d = cosDist(IMAGES8, RECIPES8);
    const dt = transpose(d);
    const sirr = listedCosts(d, SEMANTIC8, 0.3);
    const srii = listedCosts(dt, SEMANTIC8, 0.3);
    const irr = instanceCosts(d, 0.3);
    const rii = instanceCosts(dt, 0.3);
    const r = run(opts({ reduction }), IMAGES8, RECIPES8, CLASSES8);
    assert.deepEqual(r.stats.map((s) => [s.name, s.triplets]), [['IRR', 56], ['RII', 56], ['SIRR', 12], ['SRII', 12]]);
    const expected = [irr, rii, sirr, srii].map((c) => reduceCosts(c, reduction));
    r.stats.forEach((s, k) => close(s.loss, expected[k], `${s.name} loss`));
    close(r.total, (expected[0] + expected[1] + 0.1 * expected[2] + 0.1 * expected[3]) / 4, 'total');
    const active = activeOf(srii);
    assert.ok(active > 0 && active < 12, `SRII has ${active} active triplets: the reductions differ`);

    const all = run(opts({ reduction, semantic_positives: 'all' }), IMAGES8, RECIPES8, CLASSES8);
    assert.deepEqual(all.stats.map((s) => s.triplets), [56, 56, 18, 18]);
    close(term(all, 'SRII').loss, reduceCosts(semanticCosts(dt, CLASSES8, 0.3, 'all'), reduction), 'SRII, all positives');
    assert.ok(Math.abs(term(all, 'SRII').loss - expected[3]) > 1e-3, 'the two forms differ on this batch');
  });
}

test('lifted structured loss: normalised by 2N', () => {
  const d = cosDist(IMAGES, RECIPES);
  const N = 5;
  const alpha = 0.3;
  let sum = 0;
  for (let i = 0; i < N; i++) {
    let s = 0;
    for (let k = 0; k < N; k++) if (k !== i) s += Math.exp(alpha - d[i][k]) + Math.exp(alpha - d[k][i]);
    const J = Math.log(s) + d[i][i];
    sum += Math.max(0, J) ** 2;
  }
  const r = run(opts({ name: 'lifted_struct', margin: alpha }));
  close(r.total, sum / (2 * N), 'lifted');
  assert.ok(allFinite(r));
});

test('infonce: symmetric cross-entropy of cos/τ, the temperature gets a gradient', () => {
  const d = cosDist(IMAGES, RECIPES);
  const tau = 0.5;
  const ce = (m: Matrix) => m.reduce((s, row, i) => s + Math.log(row.reduce((t, x) => t + Math.exp((1 - x) / tau), 0)) - (1 - row[i]) / tau, 0) / m.length;
  const r = run(opts({ name: 'infonce', temperature: tau }));
  close(term(r, 'i2r').loss, ce(d), 'i2r');
  close(term(r, 'r2i').loss, ce(transpose(d)), 'r2i');
  assert.equal(r.grads.length, 3);
  assert.ok(r.grads[2][0] !== 0 && Number.isFinite(r.grads[2][0]));
});

test('unknown names are rejected with the allowed values', () => {
  assert.throws(() => buildCriterion(opts({ name: 'contrastive' as never })), /model\.criterion\.name: 'contrastive' is not one of triplet, pairwise, lifted_struct, infonce/);
  assert.throws(() => buildCriterion(opts({ reduction: 'sum' as never })), /reduction: 'sum' is not one of mean, hardest, adaptive/);
  assert.throws(() => buildCriterion(opts({ miner: 'hard' as never })), /miner/);
  assert.throws(() => buildCriterion(opts({ semantic_positives: 'some' as never })), /semantic_positives: 'some' is not one of first, all/);
});

test('compute + summarizeTerms leaves no tensor behind', () => {
  run(opts({}));
  const before = tf.memory().numTensors;
  run(opts({}));
  assert.equal(tf.memory().numTensors, before, "triplet");
  run(opts({ name: 'pairwise' }), IMAGES, RECIPES, CLASSES, [IMAGES, RECIPES]);
  assert.equal(tf.memory().numTensors, before);
});
