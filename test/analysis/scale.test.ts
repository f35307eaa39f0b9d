import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { notebookScale, notebookOutDir, preparedRecipe1M } from '../../lib/analysis/scale.js';

test('notebookScale defaults to demo and refuses unknown values', () => {
  assert.equal(notebookScale({}), 'demo');
  assert.equal(notebookScale({ RECIPE1M_NB_SCALE: 'smoke' }), 'smoke');
  assert.equal(notebookScale({ RECIPE1M_NB_SCALE: 'full' }), 'full');
  assert.throws(() => notebookScale({ RECIPE1M_NB_SCALE: 'huge' }), /RECIPE1M_NB_SCALE=huge is not a scale; use one of smoke, demo, full/);
});

test('notebookOutDir and preparedRecipe1M read their variables', () => {
  assert.equal(notebookOutDir('01-x', {}), join('results', '01-x'));
  assert.equal(notebookOutDir('01-x', { RECIPE1M_NB_OUT: '/tmp/o' }), join('/tmp/o', '01-x'));
  assert.equal(preparedRecipe1M({ RECIPE1M_PREPARED: '/data/r1m' }), '/data/r1m');
  assert.throws(() => preparedRecipe1M({}), /RECIPE1M_PREPARED/);
});
