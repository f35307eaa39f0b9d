import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { defaults } from '../../lib/options/index.js';
import { criterionSchema } from '../../lib/losses/index.js';
import { strategyLosses } from '../../lib/analysis/strategy_losses.js';

before(async () => {
  await initBackend('cpu');
});

const base = defaults(criterionSchema);
const unit = (x: number, y: number) => {
  const n = Math.hypot(x, y);
  return [x / n, y / n];
};
const images = [unit(1, 0), unit(0.8, 0.6), unit(0, 1)];
const recipes = [unit(0.9, 0.2), unit(0.2, 1), unit(0.1, 1)];
const batch = { images: Float32Array.from(images.flat()), recipes: Float32Array.from(recipes.flat()), classes: Int32Array.from([0, 0, 0]), dim: 2 };

function irrCosts(): number[] {
  const d = (a: number[], b: number[]) => 1 - (a[0] * b[0] + a[1] * b[1]);
  const costs: number[] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) if (j !== i) costs.push(Math.max(0, d(images[i], recipes[i]) - d(images[i], recipes[j]) + 0.3));
  return costs;
}

test('strategyLosses: the IRR term under mean and adaptive reductions, computed by hand', () => {
  const before = tf.memory().numTensors;
  const out = strategyLosses([batch], {
    avg: { ...base, reduction: 'mean', semantic_weight: 0 },
    adamine: { ...base, reduction: 'adaptive', semantic_weight: 0 },
  });
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
  const costs = irrCosts();
  const active = costs.filter((c) => c > 0).length;
  assert.ok(active > 0 && active < costs.length, `the example must have some active triplets, has ${active}/6`);
  const sum = costs.reduce((a, c) => a + c, 0);
  const irr = (s: string) => out.find((o) => o.strategy === s)!.terms.find((t) => t.name === 'IRR')!;
  assert.ok(Math.abs(irr('avg').loss - sum / 6) < 1e-5);
  assert.ok(Math.abs(irr('adamine').loss - sum / active) < 1e-5);
  assert.equal(irr('adamine').triplets, 6);
  assert.equal(irr('adamine').active, active);
  assert.deepEqual(out.map((o) => [o.strategy, o.batch]), [['avg', 0], ['adamine', 0]]);
});

test('strategyLosses refuses a batch whose sizes disagree', () => {
  assert.throws(() => strategyLosses([{ ...batch, classes: Int32Array.from([0, 0]) }], { avg: base }), /batch 0 has 2 classes but 3 images/);
});
