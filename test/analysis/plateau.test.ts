import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEnd, endTable, plateau, tQuantile975 } from '../../lib/analysis/plateau.js';

test('t quantile 0.975 within 0.001 of the tabulated values from 5 degrees of freedom', () => {
  // Tabulated t(0.975): df 5, 8, 10, 18, 30, 120.
  const table: [number, number][] = [[5, 2.570582], [8, 2.306004], [10, 2.228139], [18, 2.100922], [30, 2.042272], [120, 1.97993]];
  for (const [df, t] of table) assert.ok(Math.abs(tQuantile975(df) - t) < 0.001, `df ${df}: ${tQuantile975(df)} vs ${t}`);
  assert.throws(() => tQuantile975(4), /at least 5/);
});

test('plateau: a clean rise is not flat, a zig-zag without trend is, only the last window counts', () => {
  const rising = Array.from({ length: 20 }, (_, i) => 0.1 + 0.002 * i + (i % 2 === 0 ? 0.0005 : -0.0005));
  const r = plateau(rising, 10);
  assert.ok(Math.abs(r.slope - 0.002) < 2e-4, `slope ${r.slope}`);
  assert.equal(r.flat, false);
  assert.ok(r.low > 0 && r.high > r.slope);
  // Σ(i − 3)·y_i = 0 for 0,1,0,1,0,1,0: slope 0.
  const zigzag = plateau([5, 5, 0, 1, 0, 1, 0, 1, 0], 7);
  assert.equal(zigzag.slope, 0);
  assert.equal(zigzag.flat, true);
  // A rise then a flat tail: flat over the tail, rising over everything.
  const curve = [...Array.from({ length: 20 }, (_, i) => i / 100), ...Array.from({ length: 12 }, (_, i) => 0.2 + (i % 3) / 1000)];
  assert.equal(plateau(curve, 12).flat, true);
  assert.equal(plateau(curve, 32).flat, false);
});

test('plateau: refuses short curves, small windows and non-finite values', () => {
  assert.throws(() => plateau([1, 2, 3], 7), /fewer than the window of 7/);
  assert.throws(() => plateau(Array(10).fill(1), 6), /at least 7/);
  assert.throws(() => plateau([...Array(9).fill(1), Number.NaN], 7), /not finite/);
});

test('describeEnd: early stop, a flat end and a rising end in words', () => {
  assert.equal(describeEnd([0.1, 0.3, 0.2], true), 'best at 2 of 3, stopped early');
  const rising = Array.from({ length: 30 }, (_, i) => 0.01 * i + (i % 2) * 0.001);
  assert.match(describeEnd(rising, false), /^best at 30 of 30, epoch cap; last 10: \+10\.0\d \[\+\d+\.\d\d, \+\d+\.\d\d\] per 10, still rising$/);
  const flat = [...Array.from({ length: 10 }, (_, i) => 0.01 * i), ...Array.from({ length: 20 }, (_, i) => 0.1 + (i % 2) * 0.002)];
  assert.match(describeEnd(flat, false), /epoch cap; last 10: [+-]\d+\.\d\d \[-\d+\.\d\d, \+\d+\.\d\d\] per 10, flat$/);
  assert.equal(describeEnd([0.1, 0.2, 0.3], false), 'best at 3 of 3, epoch cap; too short for a slope');
});

test('endTable counts the runs at a plateau: stopped early or flat at the cap, not still rising', () => {
  const rising = Array.from({ length: 30 }, (_, i) => 0.01 * i + (i % 2) * 0.001);
  const flat = [...Array.from({ length: 10 }, (_, i) => 0.01 * i), ...Array.from({ length: 20 }, (_, i) => 0.1 + (i % 2) * 0.002)];
  const table = endTable([
    { name: 'a', runs: [{ curve: rising, stoppedEarly: false }, { curve: flat, stoppedEarly: false }, { curve: [0.2, 0.1], stoppedEarly: true }] },
    { name: 'b', runs: [{ curve: rising, stoppedEarly: false }] },
  ]);
  const lines = table.split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[2], /^\| a \| 2 of 3 \| best at 30 of 30, .*still rising<br>best at \d+ of 30, .*flat<br>best at 1 of 2, stopped early \|$/);
  assert.match(lines[3], /^\| b \| 0 of 1 \| /);
});
