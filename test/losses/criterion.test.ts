import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend.js';
import { buildCriterion, criterionSchema, summarizeTerms, type CriterionOptions, type TermStats } from '../../lib/losses/index.js';
import { defaults } from '../../lib/engine/schema.js';
import { activeOf, cosDist, instanceCosts, reduceCosts, semanticCosts, transpose, type Matrix } from './reference.js';

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

const adamine = defaults(criterionSchema) as unknown as CriterionOptions;
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
  const vars = [vi, vr, ...(li && lr ? [li, lr] : []), ...criterion.variables];
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
  const ce = (logits: Matrix) =>
    logits.reduce((s, row, i) => s + Math.log(row.reduce((t, x) => t + Math.exp(x), 0)) - row[CLASSES[i]], 0) / logits.length;
  close(term(r, 'pos').loss, pos, 'pos');
  close(term(r, 'neg').loss, neg, 'neg');
  assert.equal(term(r, 'neg').active, negActive);
  assert.equal(term(r, 'neg').triplets, 20);
  close(term(r, 'cls_image').loss, ce(logitsI), 'cls_image');
  close(term(r, 'cls_recipe').loss, ce(logitsR), 'cls_recipe');
  close(r.total, (0.98 * 0.2 * pos + 0.98 * 0.8 * neg + 0.01 * ce(logitsI) + 0.01 * ce(logitsR)) / 4, 'total');
  // A different margin changes the loss: it is really applied.
  const r0 = run({ ...o, pos_margin: 0 }, IMAGES, RECIPES, CLASSES, [logitsI, logitsR]);
  assert.ok(term(r0, 'pos').loss > term(r, 'pos').loss);
  assert.ok(allFinite(r));
  assert.equal(buildCriterion(o).needsSemanticHead, true);
});

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
});

test('compute + summarizeTerms leaves no tensor behind', () => {
  run(opts({}));
  const before = tf.memory().numTensors;
  run(opts({}));
  assert.equal(tf.memory().numTensors, before, "triplet");
  run(opts({ name: 'pairwise' }), IMAGES, RECIPES, CLASSES, [IMAGES, RECIPES]);
  assert.equal(tf.memory().numTensors, before);
});
