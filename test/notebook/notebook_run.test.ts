import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describeRun, notebookDir, notebookRun, parseScale, scaleResults } from '../../lib/notebook/notebook_run.js';

test('parseScale accepts the three scales and names the parameter otherwise', () => {
  assert.equal(parseScale('smoke'), 'smoke');
  assert.equal(parseScale('full'), 'full');
  assert.throws(() => parseScale('huge'), /parameter scale: 'huge' is not a scale; use one of smoke, demo, full/);
});

test('each scale writes under its own results folder unless told otherwise', () => {
  assert.equal(scaleResults('smoke'), join('results', 'notebooks', 'smoke'));
  assert.equal(scaleResults('demo'), join('results', 'notebooks', 'demo'));
  assert.equal(scaleResults('smoke', '/tmp/r'), '/tmp/r');
  const smoke = notebookRun('03-x', { scale: 'smoke' });
  const demo = notebookRun('03-x', { scale: 'demo' });
  assert.notEqual(smoke.out, demo.out);
  assert.equal(demo.out, join('results', 'notebooks', 'demo', '03-x'));
  assert.equal(notebookDir(smoke, '02-y'), join('results', 'notebooks', 'smoke', '02-y'));
});

test('notebookRun: defaults, the scale\'s epochs as null, and refused values', () => {
  const run = notebookRun('01-x', { scale: 'demo', prepared: '', raw: '', results: '' });
  assert.equal(run.seed, 1338);
  assert.equal(run.epochs, null);
  assert.equal(notebookRun('01-x', { scale: 'demo', epochs: 3, seed: 7 }).epochs, 3);
  assert.throws(() => notebookRun('01-x', { scale: 'demo', epochs: -1 }), /parameter epochs: -1 is not an integer >= 0/);
  assert.throws(() => notebookRun('01-x', { scale: 'demo', epochs: 1.5 }), /parameter epochs/);
  assert.throws(() => notebookRun('01-x', { scale: 'demo', seed: 0.5 }), /parameter seed: 0.5 is not an integer/);
  assert.match(describeRun(notebookRun('01-x', { scale: 'smoke', prepared: 'p' })), /^scale smoke, prepared store p, seed 1338, epochs the scale's; results in results\/notebooks\/smoke\/01-x$/);
});
