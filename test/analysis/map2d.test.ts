import { test } from 'node:test';
import assert from 'node:assert/strict';
import { map2d, cosineDistance } from '../../lib/analysis/map2d.js';
import { Random } from '../../lib/util/random.js';

function clusters(): number[][] {
  const rng = new Random(7);
  const out: number[][] = [];
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < 15; i++) {
      // Cluster c points along axis c (cosine-separated), with small noise.
      out.push(Array.from({ length: 8 }, (_, d) => (d === c ? 1 : 0) + 0.05 * rng.normal()));
    }
  }
  return out;
}

test('map2d keeps cosine-separated clusters apart and is seeded', () => {
  const pts = map2d(clusters(), { nNeighbors: 5, seed: 3 });
  assert.equal(pts.length, 30);
  const d = (a: [number, number], b: [number, number]) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  let intra = 0, inter = 0, ni = 0, ne = 0;
  for (let i = 0; i < 30; i++) {
    for (let j = i + 1; j < 30; j++) {
      if ((i < 15) === (j < 15)) { intra += d(pts[i], pts[j]); ni++; } else { inter += d(pts[i], pts[j]); ne++; }
    }
  }
  assert.ok(inter / ne > 2 * (intra / ni), `inter ${inter / ne} vs intra ${intra / ni}`);
  assert.deepEqual(map2d(clusters(), { nNeighbors: 5, seed: 3 }), pts);
});

test('map2d refuses too few or ragged vectors', () => {
  assert.throws(() => map2d([[1], [2]]), /at least 3 vectors, got 2/);
  assert.throws(() => map2d([[1, 0], [0, 1], [1]]), /vector 2 has 1 dimensions/);
});

test('cosineDistance', () => {
  assert.equal(cosineDistance([1, 0], [2, 0]), 0);
  assert.equal(cosineDistance([1, 0], [0, 3]), 1);
  assert.ok(Math.abs(cosineDistance([1, 0], [-1, 0]) - 2) < 1e-12);
  assert.equal(cosineDistance([0, 0], [1, 0]), 1);
});
