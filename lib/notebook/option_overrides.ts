/**
 * Options a notebook sets on top of an option file, typed by the options
 * declaration itself (a partial tree of `Options`, so a misspelt key or a
 * wrong type is a compile error), and turned into `--key=value` arguments
 * only where a child `recipe1m` process is started.
 */
import type { Options } from '../engine/options_schema.js';

type Partial_<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: Partial_<T[K]> } : T;

/** A partial option tree: any subset of the sections and leaves of `Options`. */
export type OptionOverrides = Partial_<Options>;

type Leaf = string | number | boolean | null | readonly (string | number)[];

function isSection(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `a` with `b`'s leaves on top (sections merge, leaves and lists replace). */
export function mergeOverrides(a: OptionOverrides, b: OptionOverrides): OptionOverrides {
  const merge = (x: Record<string, unknown>, y: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...x };
    for (const [k, v] of Object.entries(y)) out[k] = isSection(v) && isSection(out[k]) ? merge(out[k] as Record<string, unknown>, v) : v;
    return out;
  };
  return merge(a as Record<string, unknown>, b as Record<string, unknown>) as OptionOverrides;
}

function argValue(key: string, v: Leaf): string {
  if (v === null) return '';
  if (Array.isArray(v)) return `[${v.map((x) => String(x)).join(', ')}]`;
  if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`option override ${key}: ${v} is not a finite number`);
  return String(v);
}

/** The command-line form, `--dotted.key=value` per leaf (null: the empty value, i.e. none), in declaration order. */
export function overrideArgs(overrides: OptionOverrides): string[] {
  const out: string[] = [];
  const walk = (node: Record<string, unknown>, prefix: string): void => {
    for (const [k, v] of Object.entries(node)) {
      if (v === undefined) continue;
      const key = prefix ? `${prefix}.${k}` : k;
      if (isSection(v)) walk(v, key);
      else out.push(`--${key}=${argValue(key, v as Leaf)}`);
    }
  };
  walk(overrides as Record<string, unknown>, '');
  return out;
}
