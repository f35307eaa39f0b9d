import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../lib/backend/index.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadYamlWithIncludes, resolveOptions } from '../../lib/options/index.js';
import { buildCriterion, criterionSchema, summarizeTerms } from '../../lib/losses/index.js';

before(async () => {
  await initBackend('cpu');
});

/** The paper's configurations (docs/method.md §4.8) and the terms each must produce. */
const EXPECTED: Record<string, { terms: string[]; reduction?: string; miner?: string }> = {
  pairwise: { terms: ['pos', 'neg', 'cls_image', 'cls_recipe'], reduction: 'mean' },
  pairwise_plus: { terms: ['pos', 'neg', 'cls_image', 'cls_recipe'], reduction: 'mean' },
  avg_nosem: { terms: ['IRR', 'RII'], reduction: 'mean' },
  max: { terms: ['IRR', 'RII'], reduction: 'hardest' },
  avg: { terms: ['IRR', 'RII', 'SIRR', 'SRII'], reduction: 'mean' },
  adamine: { terms: ['IRR', 'RII', 'SIRR', 'SRII'], reduction: 'adaptive' },
  lifted_struct: { terms: ['lifted'] },
  semi_hard: { terms: ['IRR', 'RII'], reduction: 'adaptive', miner: 'semi_hard' },
  infonce: { terms: ['i2r', 'r2i'] },
};

for (const [file, want] of Object.entries(EXPECTED)) {
  test(`options/${file}.yaml builds its configuration`, () => {
    // Only model.criterion is validated here (against this module's schema), with the includes resolved.
    const tree = loadYamlWithIncludes(`options/${file}.yaml`) as { model: { criterion: unknown } };
    const only = join(mkdtempSync(join(tmpdir(), 'crit-')), `${file}.yaml`);
    writeFileSync(only, stringify({ model: { criterion: tree.model.criterion } }));
    const { values } = resolveOptions({ model: { criterion: criterionSchema } }, only);
    const opts = values.model.criterion;
    if (want.reduction) assert.equal(opts.reduction, want.reduction);
    assert.equal(opts.miner, want.miner ?? 'all');
    const criterion = buildCriterion(opts);
    const inputs = tf.tidy(() => {
      const e = tf.tensor2d([[1, 0], [0, 1], [0.6, 0.8], [-1, 0.2]]);
      return { images: e, recipes: tf.reverse(e, 1) as tf.Tensor2D, classes: tf.tensor1d([0, 1, 1, 2], 'int32'), logits: tf.zeros([4, 3]) as tf.Tensor2D };
    });
    const logits = criterion.needsSemanticHead ? inputs.logits : undefined;
    const r = criterion.compute({ ...inputs, imageLogits: logits, recipeLogits: logits });
    const out = { total: r.total.dataSync()[0], stats: summarizeTerms(r.terms) };
    tf.dispose([r.total, inputs.images, inputs.recipes, inputs.classes, inputs.logits]);
    assert.deepEqual(out.stats.map((s) => s.name), want.terms);
    assert.ok(Number.isFinite(out.total));
    criterion.dispose();
  });
}
