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

export function semanticCosts(d: Matrix, classes: number[], margin: number): Cost[] {
  const out: Cost[] = [];
  for (let i = 0; i < d.length; i++) {
    if (classes[i] === 0) continue;
    for (let p = 0; p < d.length; p++) {
      if (p === i || classes[p] !== classes[i]) continue;
      for (let n = 0; n < d.length; n++) {
        if (classes[n] === 0 || classes[n] === classes[i]) continue;
        out.push({ anchor: i, value: Math.max(0, d[i][p] - d[i][n] + margin), dp: d[i][p], dn: d[i][n] });
      }
    }
  }
  return out;
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
