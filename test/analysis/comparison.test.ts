import { test } from 'node:test';
import assert from 'node:assert/strict';
import { comparisonRow, formatCell, markdownTable, lastMetrics, rankBy } from '../../lib/analysis/comparison.js';

function metrics(r1: number, medr: number): Record<string, number> {
  const m: Record<string, number> = {};
  for (const d of ['im2recipe', 'recipe2im']) {
    m[`med_${d}_mean`] = medr;
    m[`med_${d}_std`] = 0.5;
    for (const k of [1, 5, 10]) {
      m[`recall_at_${k}_${d}_mean`] = Math.min(1, r1 * k);
      m[`recall_at_${k}_${d}_std`] = 0.01;
    }
  }
  return m;
}

test('formatCell: MedR as is, recalls in percent', () => {
  assert.equal(formatCell('MedR', 2, 0.25), '2.0 ± 0.3');
  assert.equal(formatCell('R@1', 0.398, 0.012), '39.8 ± 1.2');
});

test('comparisonRow and markdownTable lay out both directions', () => {
  const row = comparisonRow('adamine', metrics(0.4, 1));
  assert.equal(row.cells['im2recipe R@5'], '100.0 ± 1.0');
  assert.equal(row.cells['recipe2im MedR'], '1.0 ± 0.5');
  const md = markdownTable([row]).split('\n');
  assert.equal(md.length, 3);
  assert.equal(md[0].split('|').length, 2 + 1 + 8);
  assert.match(md[2], /^\| adamine \| 1\.0 ± 0\.5 \| 40\.0 ± 1\.0 \|/);
  assert.throws(() => comparisonRow('x', { med_im2recipe_mean: 1 }), /x: metric med_im2recipe_mean\/_std missing/);
});

test('lastMetrics takes the last evaluation; rankBy orders best first', () => {
  const m = lastMetrics({ 'eval_epoch.metric.med_im2recipe_mean': [9, 4], 'train_batch.loss': [1] });
  assert.deepEqual(m, { med_im2recipe_mean: 4 });
  assert.throws(() => lastMetrics({ 'train_batch.loss': [1] }, 'e/logs.json'), /e\/logs\.json: no evaluation metrics/);
  const rows = [comparisonRow('avg', metrics(0.2, 5)), comparisonRow('adamine', metrics(0.4, 2)), comparisonRow('max', metrics(0.3, 3))];
  assert.deepEqual(rankBy(rows, 'im2recipe R@1'), ['adamine', 'max', 'avg']);
  assert.deepEqual(rankBy(rows, 'recipe2im MedR'), ['adamine', 'max', 'avg']);
});
