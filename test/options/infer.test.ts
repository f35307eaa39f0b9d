/**
 * A section's type is inferred from its declaration. The type checks here
 * run with `npm test` (tsc): a `@ts-expect-error` that no longer errors,
 * or an assignment that no longer fits, fails the typecheck.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Options } from '../../lib/engine/options_schema.js';
import { criterionSchema, type CriterionOptions } from '../../lib/losses/index.js';
import { bool, defaults, int, num, str, strList, type Infer, type Section } from '../../lib/options/index.js';

const schema = {
  name: str('a', 'a choice', { choices: ['a', 'b'] }),
  split: str('train', 'a choice or none', { choices: ['train', 'test'], nullable: true }),
  dir: str('x', 'a string'),
  file: str(null, 'a string or none'),
  n: int(3, 'an integer'),
  cap: int(null, 'an integer or none', { min: 1 }),
  clip: num(8, 'a number or none', { nullable: true }),
  on: bool(true, 'a flag'),
  tags: strList(['t'], 'strings'),
  inner: { depth: num(1, 'nested') },
} satisfies Section;

type Expected = {
  name: 'a' | 'b';
  split: 'train' | 'test' | null;
  dir: string;
  file: string | null;
  n: number;
  cap: number | null;
  clip: number | null;
  on: boolean;
  tags: string[];
  inner: { depth: number };
};
/** Compiles only when A and B are the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const exact: Same<Infer<typeof schema>, Expected> = true;

test('defaults() has the declared type and the declared values', () => {
  const d: Expected = defaults(schema);
  assert.equal(exact, true);
  assert.deepEqual(d, { name: 'a', split: 'train', dir: 'x', file: null, n: 3, cap: null, clip: 8, on: true, tags: ['t'], inner: { depth: 1 } });
  // @ts-expect-error a choice's type is the union of its choices
  d.name = 'c';
  // @ts-expect-error a field that cannot be empty is not nullable
  d.n = null;
});

test('the assembled tree carries each layer\'s types', () => {
  const criterion: CriterionOptions = defaults(criterionSchema);
  assert.equal(criterion.reduction, 'adaptive');
  const reductions: Same<CriterionOptions['reduction'], 'mean' | 'hardest' | 'adaptive'> = true;
  const splits: Same<Options['dataset']['eval_split'], 'train' | 'val' | 'test' | null> = true;
  const variants: Same<Options['model']['network']['instruction_variant'], 'hierarchical' | 'sentence_vectors'> = true;
  const clip: Same<Options['optimizer']['clip_grad'], number | null> = true;
  const backend: Same<Options['misc']['backend'], 'node-gpu' | 'node' | 'wasm' | 'cpu' | null> = true;
  assert.deepEqual([reductions, splits, variants, clip, backend], [true, true, true, true, true]);
});
