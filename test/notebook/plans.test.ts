import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadOptions } from '../../lib/engine/options_schema.js';
import { overrideArgs } from '../../lib/notebook/option_overrides.js';
import { ablationRequests, sgdDoubleLrRequests, sgdRequests } from '../../lib/notebook/plans.js';
import { budgetFor } from '../../lib/notebook/training_budget.js';

const CLASSES = Int32Array.from({ length: 200 }, (_, i) => (i % 4 === 0 ? 0 : 1 + (i % 7)));

test('plans: Adam, SGD and SGD at twice the learning rate, one folder per configuration and seed, same budget otherwise', () => {
  const budget = budgetFor('demo', 'p', { trainClasses: CLASSES, valPairs: 40, testPairs: 40 }, { seed: 10, epochs: null, seeds: 2 }, 2);
  const resolved = (r: { config: string; overrides: Parameters<typeof overrideArgs>[0] }) => loadOptions(['-o', `options/${r.config}.yaml`, ...overrideArgs(r.overrides)]).options;
  const [adam] = ablationRequests(budget, 'out02', ['avg']);
  const sgd = sgdRequests(budget, 'out03', ['avg']);
  const doubled = sgdDoubleLrRequests(budget, 'out03', 'avg');
  assert.deepEqual(doubled.map((r) => [r.name, r.dir]), [['avg sgd-2lr seed 10', 'out03/avg-sgd-2lr/seed-10'], ['avg sgd-2lr seed 11', 'out03/avg-sgd-2lr/seed-11']]);
  const [a, s, d] = [resolved(adam), resolved(sgd[0]), resolved(doubled[0])];
  assert.equal(a.optimizer.name, 'adam');
  assert.deepEqual([s.optimizer.name, s.optimizer.lr, s.optimizer.momentum], ['sgd', 0.5, 0.9]);
  assert.deepEqual([d.optimizer.name, d.optimizer.lr, d.optimizer.momentum], ['sgd', 1, 0.9]);
  // Only the optimizer differs from the Adam run.
  assert.deepEqual({ ...d, optimizer: a.optimizer }, a);
  assert.equal(resolved(doubled[1]).misc.seed, 11);
});
