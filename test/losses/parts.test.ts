import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { defaults } from '../../lib/options/index.js';
import { cosine } from '../../lib/losses/distances/cosine.js';
import { buildCriterion, criterionSchema, MINERS, PARTS, REDUCTIONS, type CriterionOptions, type Distance, type Parts, type Reducer, type TermStats } from '../../lib/losses/index.js';
import { cosDist, instanceCosts, transpose, type Matrix } from './reference.js';

before(async () => {
  await initBackend('cpu');
});

const IMAGES: Matrix = [[1, 0.2, 0], [0.1, 1, 0.3], [0.5, 0.5, 0.1], [0, 0.3, 1], [-0.4, 0.2, 0.6]];
const RECIPES: Matrix = [[0.9, 0.1, 0.2], [0.2, 0.8, 0.1], [0.1, 0.9, 0.5], [0.3, 0.1, 0.9], [0.6, -0.1, 0.4]];
const CLASSES = [0, 1, 1, 2, 2];
const LOGITS: Matrix = [[0.1, 0.5, -0.2], [1, 0, 0], [0, 2, 1], [0.3, 0.3, 0.3], [-1, 0, 1]];

const adamine = defaults(criterionSchema);
const opts = (over: Partial<CriterionOptions>): CriterionOptions => ({ ...adamine, ...over });
const close = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) <= 1e-5 * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);

/** One compute() under tf.variableGrads (as the engine trains), or without gradients (as it evaluates). */
function run(o: CriterionOptions, parts: Parts = PARTS, withGradients = true): { total: number; stats: TermStats[] } {
  const criterion = buildCriterion(o, parts);
  const vars = [IMAGES, RECIPES, LOGITS, LOGITS].map((m) => tf.tidy(() => tf.variable(tf.tensor2d(m))));
  const [images, recipes, imageLogits, recipeLogits] = vars as tf.Variable<tf.Rank.R2>[];
  const classes = tf.tensor1d(CLASSES, 'int32');
  const input = { images, recipes, classes, ...(criterion.needsSemanticHead ? { imageLogits, recipeLogits } : {}) };
  let out: { total: number; stats: TermStats[] };
  if (withGradients) {
    let terms: ReturnType<typeof criterion.compute>['terms'] = [];
    const { value, grads } = tf.variableGrads(() => {
      const r = criterion.compute(input);
      terms = r.terms;
      return r.total;
    }, [images, recipes, ...criterion.namedVariables.values()]);
    out = { total: value.dataSync()[0], stats: criterion.summarize(terms) };
    tf.dispose([value, ...Object.values(grads)]);
  } else {
    const r = criterion.compute(input);
    out = { total: r.total.dataSync()[0], stats: criterion.summarize(r.terms) };
    r.total.dispose();
  }
  tf.dispose([...vars, classes]);
  criterion.dispose();
  return out;
}

test('the table offers exactly the values the options allow, and the one distance', () => {
  const withChoices = Object.entries(criterionSchema).filter(([, f]) => 'choices' in f && f.choices !== undefined);
  for (const [field, f] of withChoices) {
    assert.ok(field in PARTS, `model.criterion.${field} has choices but no table`);
    assert.deepEqual((f as { choices: readonly string[] }).choices, Object.keys(PARTS[field as keyof Parts]), field);
  }
  assert.deepEqual(Object.keys(PARTS).filter((k) => k !== 'distance').sort(), withChoices.map(([k]) => k).sort());
  assert.deepEqual(Object.keys(PARTS.distance), ['cosine']);
});

test('a new reducer is one table entry: the option then accepts it and the terms use it', () => {
  const sum: Reducer = (values) => tf.sum(values) as tf.Scalar;
  const parts: Parts = { ...PARTS, reduction: { ...PARTS.reduction, sum } };
  const r = run(opts({ reduction: 'sum' as CriterionOptions['reduction'], semantic_weight: 0 }), parts);
  const d = cosDist(IMAGES, RECIPES);
  const total = (m: Matrix) => instanceCosts(m, 0.3).reduce((s, c) => s + c.value, 0);
  close(r.stats[0].loss, total(d), 'IRR');
  close(r.stats[1].loss, total(transpose(d)), 'RII');
  close(r.total, (total(d) + total(transpose(d))) / 2, 'total');
  assert.throws(() => buildCriterion(opts({ reduction: 'avg' as never }), parts), /reduction: 'avg' is not one of mean, hardest, adaptive, sum/);
});

test('a similarity (larger is closer) in place of the distance gives the same triplet loss, semi-hard mining included', () => {
  const similarity: Distance = { inverted: true, matrix: (a, b) => tf.sub(1, cosine.matrix(a, b)) as tf.Tensor2D };
  const parts: Parts = { ...PARTS, distance: { cosine: similarity } };
  for (const miner of ['all', 'semi_hard'] as const) {
    for (const reduction of ['mean', 'hardest', 'adaptive'] as const) {
      const o = opts({ miner, reduction });
      const want = run(o);
      const got = run(o, parts);
      assert.deepEqual(got.stats.map((s) => [s.name, s.triplets, s.active]), want.stats.map((s) => [s.name, s.triplets, s.active]), `${miner}, ${reduction}`);
      got.stats.forEach((s, k) => close(s.loss, want.stats[k].loss, `${miner}, ${reduction}, ${s.name}`));
    }
  }
});

test('repeated compute() + summarize leaves no tensor behind, for every family, reduction and miner, with and without gradients', () => {
  const configurations = [
    ...REDUCTIONS.flatMap((reduction) => MINERS.map((miner) => opts({ reduction, miner }))),
    opts({ semantic_positives: 'all' }),
    opts({ name: 'pairwise', reduction: 'mean' }),
    opts({ name: 'lifted_struct' }),
    opts({ name: 'infonce' }),
  ];
  assert.deepEqual([...new Set(configurations.map((o) => o.name))], Object.keys(PARTS.name), 'every family is covered');
  for (const o of configurations) run(o);
  const start = tf.memory().numTensors;
  for (let repeat = 0; repeat < 3; repeat++) {
    for (const o of configurations) {
      run(o, PARTS, true);
      run(o, PARTS, false);
      assert.equal(tf.memory().numTensors, start, `${o.name}, ${o.reduction}, ${o.miner}, repeat ${repeat}`);
    }
  }
});

