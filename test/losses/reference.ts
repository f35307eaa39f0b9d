/**
 * Plain-loop reference arithmetic for the loss tests: everything here is
 * computed from number arrays, independently of the tf code under test.
 */
export type Matrix = number[][];

function unit(v: number[]): number[] {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / n);
}

/** d[i][j] = 1 − cos(a_i, b_j). */
export function cosDist(a: Matrix, b: Matrix): Matrix {
  return a.map((x) => b.map((y) => {
    const u = unit(x);
    const v = unit(y);
    return 1 - u.reduce((s, ui, k) => s + ui * v[k], 0);
  }));
}

export const transpose = (m: Matrix): Matrix => m[0].map((_, j) => m.map((row) => row[j]));

export interface Cost {
  anchor: number;
  value: number;
  dp: number;
  dn: number;
}

export function instanceCosts(d: Matrix, margin: number): Cost[] {
  const out: Cost[] = [];
  for (let i = 0; i < d.length; i++) {
    for (let j = 0; j < d.length; j++) {
      if (j !== i) out.push({ anchor: i, value: Math.max(0, d[i][i] - d[i][j] + margin), dp: d[i][i], dn: d[i][j] });
    }
  }
  return out;
}

/**
 * Semantic costs over classed items: with 'first' each anchor's one positive
 * is the first other item of its class in batch order; with 'all', every one.
 */
export function semanticCosts(d: Matrix, classes: number[], margin: number, positives: 'first' | 'all' = 'first'): Cost[] {
  const out: Cost[] = [];
  for (let i = 0; i < d.length; i++) {
    if (classes[i] === 0) continue;
    const same = classes.map((c, p) => p).filter((p) => p !== i && classes[p] === classes[i]);
    for (const p of positives === 'first' ? same.slice(0, 1) : same) {
      for (let n = 0; n < d.length; n++) {
        if (classes[n] === 0 || classes[n] === classes[i]) continue;
        out.push({ anchor: i, value: Math.max(0, d[i][p] - d[i][n] + margin), dp: d[i][p], dn: d[i][n] });
      }
    }
  }
  return out;
}

/** Costs of triplets listed as [anchor, positive, negative] indices into d. */
export function listedCosts(d: Matrix, triplets: [number, number, number][], margin: number): Cost[] {
  return triplets.map(([a, p, n]) => ({ anchor: a, value: Math.max(0, d[a][p] - d[a][n] + margin), dp: d[a][p], dn: d[a][n] }));
}

/** Mean cross-entropy of logits rows against classes over the classed items (class 0 ignored); 0 when none. */
export function classedCrossEntropy(logits: Matrix, classes: number[]): number {
  const items = classes.map((c, i) => i).filter((i) => classes[i] !== 0);
  if (items.length === 0) return 0;
  const ce = (row: number[], c: number) => Math.log(row.reduce((t, x) => t + Math.exp(x), 0)) - row[c];
  return items.reduce((s, i) => s + ce(logits[i], classes[i]), 0) / items.length;
}

export function reduceCosts(costs: Cost[], kind: 'mean' | 'hardest' | 'adaptive'): number {
  if (costs.length === 0) return 0;
  const sum = costs.reduce((s, c) => s + c.value, 0);
  if (kind === 'mean') return sum / costs.length;
  if (kind === 'adaptive') {
    const active = costs.filter((c) => c.value > 0).length;
    return active === 0 ? 0 : sum / active;
  }
  const best = new Map<number, number>();
  for (const c of costs) best.set(c.anchor, Math.max(best.get(c.anchor) ?? 0, c.value));
  return [...best.values()].reduce((s, x) => s + x, 0) / best.size;
}

export const activeOf = (costs: Cost[]): number => costs.filter((c) => c.value > 0).length;
