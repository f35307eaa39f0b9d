import { test } from 'node:test';
import assert from 'node:assert/strict';
import { activeFractionFigure, gradNormFigure, weightRatioFigure, recallCurveFigure, strategyLossFigure } from '../../lib/analysis/training_figures.js';

function series(activeIRR: number[]): Record<string, number[]> {
  const s: Record<string, number[]> = { 'train_batch.grad_norm': activeIRR.map((a) => a * 10) };
  for (const t of ['IRR', 'RII', 'SIRR', 'SRII']) {
    s[`train_batch.term.${t}.loss`] = activeIRR.map(() => 0.1);
    s[`train_batch.term.${t}.active_fraction`] = t === 'IRR' ? activeIRR : activeIRR.map(() => 0.5);
    s[`train_batch.term.${t}.triplets`] = activeIRR.map(() => 100);
  }
  s['eval_epoch.epoch'] = [0, 1];
  s['eval_epoch.metric.recall_at_1_im2recipe_mean'] = [0.1, 0.2];
  return s;
}

const avg = { name: 'avg', series: series([1, 0.5, 0.25]), source: 'avg/logs.json' };
const ada = { name: 'adamine', series: series([0.8, 0.4, 0.2]), source: 'adamine/logs.json' };

test('activeFractionFigure smooths each run and skips runs without the term', () => {
  const noSem = { name: 'max', series: { 'train_batch.grad_norm': [1] }, source: 'max' };
  const fig = activeFractionFigure([avg, ada, noSem], 'IRR', 2);
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[0].y, [1, 0.75, 0.375]);
  assert.deepEqual(fig.data[0].x, [1, 2, 3]);
});

test('gradNormFigure and recallCurveFigure name runs that lack the series', () => {
  assert.deepEqual(gradNormFigure([avg], 1).data[0].y, [10, 5, 2.5]);
  assert.throws(() => gradNormFigure([{ name: 'x', series: {}, source: 'x/logs.json' }], 1), /x\/logs\.json: no series 'train_batch\.grad_norm'/);
  assert.deepEqual(recallCurveFigure([avg]).data[0].x, [1, 2]);
  assert.throws(() => recallCurveFigure([{ name: 'x', series: {}, source: 'x' }]), /in x$/);
});

test('weightRatioFigure: adaptive: fewer active instance triplets weigh more each, so the ratio falls', () => {
  const fig = weightRatioFigure([{ run: ada, reduction: 'adaptive', weights: { instance: 1, semantic: 0.1 } }], 1);
  const y = fig.data[0].y as number[];
  // batch 0: semantic 0.1/50 ; instance mean(1/80, 1/50) -> ratio = 0.002 / 0.01625
  assert.ok(Math.abs(y[0] - 0.002 / ((1 / 80 + 1 / 50) / 2)) < 1e-12);
  assert.ok(y[2] < y[0]);
});

test('strategyLossFigure: one loss bar per strategy and one active bar per term', () => {
  const term = (name: string, f: number) => ({ name, weight: 1, loss: 0.1, triplets: 10, active: 10 * f, activeFraction: f });
  const fig = strategyLossFigure([
    { strategy: 'avg', batch: 0, total: 0.2, terms: [term('IRR', 0.5)] },
    { strategy: 'avg', batch: 1, total: 0.4, terms: [term('IRR', 0.3)] },
    { strategy: 'adamine', batch: 0, total: 1, terms: [term('IRR', 0.5)] },
  ]);
  assert.deepEqual(fig.data[0].x, ['avg', 'adamine']);
  assert.ok(Math.abs((fig.data[0].y as number[])[0] - 0.3) < 1e-12);
  assert.equal(fig.data[1].name, 'active IRR');
  assert.ok(Math.abs((fig.data[1].y as number[])[0] - 0.4) < 1e-12);
});
