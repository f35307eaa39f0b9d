import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairedBootstrap } from '../../lib/analysis/paired_bootstrap.js';
import { meanStd } from '../../lib/analysis/seed_statistics.js';
import { signTest } from '../../lib/analysis/sign_test.js';
import { Random } from '../../lib/util/random.js';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

/** Φ(x) through the Abramowitz–Stegun 7.1.26 erf (error < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

test('sign test: exact binomial tails (10 differences, 9 positive: 2 × 11 / 1024), ties dropped, 3 seeds cannot go below 0.25', () => {
  const nine = signTest([1, 2, 3, 4, 5, 6, 7, 8, 9, -1]);
  assert.deepEqual([nine.positive, nine.negative, nine.ties], [9, 1, 0]);
  assert.equal(nine.pValue, (2 * 11) / 1024);
  assert.equal(signTest([0.1, 0.2, 0.3]).pValue, 0.25);
  const tied = signTest([0.5, 0, -0.2, 0, 0.1]);
  assert.deepEqual([tied.positive, tied.negative, tied.ties], [2, 1, 2]);
  assert.equal(tied.pValue, 1);
  assert.equal(signTest([0, 0]).pValue, 1);
  // 20 of 25: 2 · Σ_{i≤5} C(25, i) / 2^25 (Python's math.comb)
  close(signTest([...Array(20).fill(1), ...Array(5).fill(-1)]).pValue, 0.004077315330505371, 1e-15, '20 of 25');
});

test('paired bootstrap: no difference gives p = 1, a constant one the smallest p, and on normal differences it agrees with the paired t closed form', () => {
  const a = [0, 1, 1, 0, 1, 0, 0, 1];
  const same = pairedBootstrap(a, a, { resamples: 500 });
  assert.deepEqual([same.difference, same.pValue, same.effectSize, ...same.ci95], [0, 1, 0, 0, 0]);
  const shifted = pairedBootstrap(a.map((x) => x + 1), a, { resamples: 999 });
  assert.equal(shifted.difference, 1);
  assert.equal(shifted.pValue, 1 / 1000);
  assert.equal(shifted.effectSize, Number.POSITIVE_INFINITY);

  // d ~ N(0.06, 1), n = 2000: mean / (sd / √n) ≈ 2.7; the bootstrap's interval and p follow the normal approximation.
  const random = new Random(11);
  const n = 2000;
  const x = Array.from({ length: n }, () => random.normal(0, 1));
  const y = x.map((v) => v - 0.06 - random.normal(0, 1));
  const r = pairedBootstrap(x, y, { resamples: 20000, seed: 3 });
  const d = x.map((v, i) => v - y[i]);
  const m = d.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(d.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  close(r.difference, m, 1e-12, 'difference');
  close(r.effectSize, m / sd, 1e-12, 'Cohen d_z');
  close(r.ci95[0], m - 1.959964 * se, 0.1 * 1.96 * se, 'lower bound');
  close(r.ci95[1], m + 1.959964 * se, 0.1 * 1.96 * se, 'upper bound');
  const p = 2 * (1 - normalCdf(Math.abs(m / se)));
  close(r.pValue, p, Math.max(0.003, 0.2 * p), 'p against the normal approximation');
  assert.throws(() => pairedBootstrap([1, 2], [1]), /same queries/);
});

test('meanStd: sample standard deviation (numpy.std(ddof=1)), 0 for one value, errors on no or non-finite values', () => {
  const s = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(s.mean, 5);
  close(s.std, 2.138089935299395, 1e-12, 'numpy.std([2,4,4,4,5,5,7,9], ddof=1)');
  assert.deepEqual(meanStd([3]), { mean: 3, std: 0, n: 1 });
  assert.throws(() => meanStd([], 'R@1'), /R@1: no values/);
  assert.throws(() => meanStd([1, NaN]), /not finite/);
});

test('query ranks: each bag ranked on its own, ranks as rankOfMatches gives them; hits and means over runs', async () => {
  const { queryRanks, hitsAt, meanOverRuns } = await import('../../lib/analysis/query_ranks.js');
  // Two bags of 2 in 2-d: in bag 0 image 0 is nearer recipe 1 than its own; bag 1 is perfect.
  const images = Float32Array.from([1, 0, 0, 1, 1, 0, 0, 1]);
  const recipes = Float32Array.from([0.6, 0.8, 0.9, 0.1, 1, 0.1, 0.1, 1]);
  const r = queryRanks(images, recipes, 2, { nbBags: 2, perBag: 2 });
  assert.deepEqual([...r.im2recipe], [2, 2, 1, 1]);
  assert.deepEqual([...r.recipe2im], [2, 2, 1, 1]);
  assert.deepEqual([...hitsAt(r.im2recipe, 1)], [0, 0, 1, 1]);
  assert.deepEqual([...meanOverRuns([[1, 0], [0, 0], [1, 1]])], [2 / 3, 1 / 3]);
  assert.throws(() => queryRanks(images, recipes, 2, { nbBags: 3, perBag: 2 }), /need 6 pairs/);
});

test('seed table: mean ± std over seeds of the bag means, beside the mean within-run std over bags', async () => {
  const { seedRow, seedTable } = await import('../../lib/analysis/seed_table.js');
  const metrics = (r1: number, r1std: number) => {
    const m: Record<string, number> = {};
    for (const d of ['im2recipe', 'recipe2im']) {
      for (const k of ['med', 'recall_at_1', 'recall_at_5', 'recall_at_10']) {
        m[`${k}_${d}_mean`] = k === 'recall_at_1' ? r1 : 10;
        m[`${k}_${d}_std`] = k === 'recall_at_1' ? r1std : 1;
      }
    }
    return m;
  };
  const row = seedRow('avg', [metrics(0.1, 0.01), metrics(0.2, 0.03), metrics(0.3, 0.02)]);
  close(row.overSeeds['im2recipe R@1'].mean, 0.2, 1e-12, 'mean');
  close(row.overSeeds['im2recipe R@1'].std, 0.1, 1e-12, 'std over seeds');
  close(row.withinRun['im2recipe R@1'], 0.02, 1e-12, 'within-run std');
  assert.match(seedTable([row]), /\| avg \| 3 \| 10\.0 ± 0\.0 \(1\.0\) \| 20\.0 ± 10\.0 \(2\.0\) \|/);
  assert.throws(() => seedRow('max', [{}]), /max: run 1 has no med_im2recipe_mean/);
});

test('paired comparison: the bootstrap on hits averaged over seeds, the sign test on per-seed R@k', async () => {
  const { comparePaired, verdict } = await import('../../lib/analysis/paired_comparison.js');
  const ranks = (im: number[]) => ({ im2recipe: Int32Array.from(im), recipe2im: Int32Array.from(im), perBag: im.length, nbBags: 1 });
  // A finds 3 of 4 queries at rank 1 in each seed, B 1 of 4.
  const a = { name: 'adamine', runs: [ranks([1, 1, 1, 5]), ranks([1, 1, 5, 1])] };
  const b = { name: 'avg', runs: [ranks([1, 9, 9, 9]), ranks([9, 9, 9, 1])] };
  const c = comparePaired(a, b, 'im2recipe', 1, { resamples: 200 });
  assert.equal(c.bootstrap.difference, 0.5);
  assert.deepEqual(c.perSeed, [0.5, 0.5]);
  assert.deepEqual([c.sign.positive, c.sign.pValue], [2, 0.5]);
  assert.match(verdict(c), /^adamine vs avg, im2recipe R@1: \+50\.00 points/);
});
