/**
 * The exact two-sided sign test: paired differences (one per seed, say),
 * ties dropped, against "each sign is equally likely". With n seeds the
 * smallest p-value it can give is 2 / 2^n (0.25 for 3 seeds): it says how
 * little a handful of seeds can establish on its own.
 */

export interface SignTest {
  positive: number;
  negative: number;
  ties: number;
  /** P(a split at least this uneven | p = 1/2), two-sided, capped at 1. */
  pValue: number;
}

function binomialCoefficient(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

export function signTest(differences: readonly number[]): SignTest {
  for (const [i, d] of differences.entries()) if (!Number.isFinite(d)) throw new Error(`signTest: difference ${i} is not finite (${d})`);
  const positive = differences.filter((d) => d > 0).length;
  const negative = differences.filter((d) => d < 0).length;
  const n = positive + negative;
  const k = Math.min(positive, negative);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += binomialCoefficient(n, i);
  return { positive, negative, ties: differences.length - n, pValue: n === 0 ? 1 : Math.min(1, (2 * tail) / 2 ** n) };
}
