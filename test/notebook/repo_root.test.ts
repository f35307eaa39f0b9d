import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { repositoryRoot } from '../../lib/notebook/repo_root.js';

test('repositoryRoot walks up to the folder holding bin/recipe1m.js', () => {
  const root = process.cwd();
  assert.equal(repositoryRoot(join(root, 'notebooks')), root);
  assert.equal(repositoryRoot(join(root, 'lib', 'analysis')), root);
  assert.throws(() => repositoryRoot(tmpdir()), /no recipe1m-ts repository/);
});
