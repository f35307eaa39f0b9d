import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bandTraces, errorBarTrace, seedBandTraces, seedStats, tQuantile975 } from '../../lib/viz/bands.js';
import { configurationColour } from '../../lib/viz/palette.js';
import { emaSmooth } from '../../lib/viz/smoothing.js';

type Trace = Record<string, any>;

test('seedStats: mean, sample std and the Student-t 95% CI per x, matching seeds by x and skipping missing or non-finite values', () => {
  const s = seedStats([
    { x: [1, 2, 3], y: [0.2, 0.3, 0.4] },
    { x: [1, 2], y: [0.4, 0.5] },
    { x: [1, 2, 3], y: [0.3, NaN, 0.5] },
  ]);
  assert.deepEqual(s.x, [1, 2, 3]);
  assert.deepEqual(s.n, [3, 2, 2]);
  assert.ok(Math.abs(s.mean[0] - 0.3) < 1e-12 && Math.abs(s.std[0] - 0.1) < 1e-12);
  assert.ok(Math.abs(s.ci95[0] - (4.303 * 0.1) / Math.sqrt(3)) < 1e-12);
  assert.ok(Math.abs(s.ci95[1] - (12.706 * Math.sqrt(0.02)) / Math.sqrt(2)) < 1e-12);
  const one = seedStats([{ x: [1], y: [0.5] }]);
  assert.ok(Number.isNaN(one.std[0]) && Number.isNaN(one.ci95[0]), 'one seed has no spread');
  assert.throws(() => seedStats([{ x: [1, 2], y: [1] }]), /seed 0 has 2 x values for 1 y values/);
  assert.equal(tQuantile975(1), 12.706);
  assert.ok(Math.abs(tQuantile975(40) - 2.021) < 0.003 && Math.abs(tQuantile975(120) - 1.98) < 0.003);
  assert.throws(() => tQuantile975(0), /positive integer/);
});

test('bands are one closed see-through polygon under the line, in the configuration colour; points without spread have no band', () => {
  const [band, line] = bandTraces([1, 2, 3], [0.3, 0.4, 0.5], [0.1, NaN, 0.1], { name: 'avg' }) as Trace[];
  assert.deepEqual(band.x, [1, 3, 3, 1]);
  assert.deepEqual(band.y.map((v: number) => +v.toFixed(9)), [0.4, 0.6, 0.4, 0.2]);
  assert.equal(band.fill, 'toself');
  assert.equal(band.showlegend, false);
  assert.deepEqual([line.x, line.y, line.line.color], [[1, 2, 3], [0.3, 0.4, 0.5], configurationColour('avg')]);
  assert.equal(bandTraces([1], [1], [NaN], { name: 'avg' }).length, 1, 'no band at all: the line alone');
  assert.throws(() => bandTraces([1, 2], [1], [1], { name: 'x' }), /2 x, 1 means, 1 spreads/);

  const traces = seedBandTraces('adamine/sgd', [{ x: [1, 2], y: [1, 2] }, { x: [1, 2], y: [3, 4] }], { spread: 'ci95' }) as Trace[];
  assert.equal(traces.length, 2);
  assert.deepEqual(traces[1].y, [2, 3]);
  assert.equal(traces[1].line.dash, 'dash');
  assert.match(traces[1].text[0], /2 seeds, 95% CI 12\.7/);

  const bars = errorBarTrace(['adamine', 'avg'], [0.4, 0.3], [0.02, NaN], { name: 'R@1', bars: true }) as Trace;
  assert.deepEqual([bars.type, bars.error_y.array], ['bar', [0.02, 0]]);
});

test('the page EMA: weight 0 is the raw series, the first point is not pulled to 0, non-finite values pass through', () => {
  assert.deepEqual(emaSmooth([3, 1, 2], 0), [3, 1, 2]);
  const s = emaSmooth([2, 2, 4], 0.5);
  assert.equal(s[0], 2);
  assert.equal(s[1], 2);
  assert.ok(Math.abs(s[2] - (0.5 * (0.5 * 1 + 1) + 2) / (1 - 0.125)) < 1e-12);
  assert.deepEqual(emaSmooth([1, NaN, 1], 0.9).map((v) => (Number.isNaN(v) ? 'NaN' : +v.toFixed(12))), [1, 'NaN', 1]);
});
