/**
 * One colour per loss configuration, the same in every figure, view and
 * notebook, so a reader who has learnt that AdaMine is vermillion finds it
 * again everywhere. Colours are from the Okabe–Ito and Tol palettes, which
 * stay apart for colour-blind readers. An optimizer variant (`adamine/sgd`)
 * keeps its configuration's hue, darker and dashed; SGD at twice the
 * learning rate (`avg/sgd-2lr`, notebook 03's matched-step control) darker
 * still and dotted.
 *
 * Names are read leniently, so run folders map too: `adamine`,
 * `results/ablation/adamine_seed2`, `adamine_sgd`, `adamine-sgd-s3` and
 * `adamine/sgd` are the configurations `adamine`, `adamine` (a seed),
 * `adamine/sgd` ... A name that is no configuration gets a colour from its
 * hash (stable from figure to figure, but not distinct from every other).
 */

export const CONFIGURATIONS = ['adamine', 'avg', 'avg_nosem', 'max', 'pairwise', 'pairwise_plus', 'lifted_struct', 'semi_hard', 'infonce'] as const;
export type Configuration = (typeof CONFIGURATIONS)[number];

/** Optimizer variants a configuration can carry after a `/` (adam is the default: no variant). */
export const OPTIMIZER_VARIANTS = ['sgd', 'sgd-2lr'] as const;

const VARIANT_STYLE: Record<(typeof OPTIMIZER_VARIANTS)[number], { shade: number; dash: LineStyle['dash'] }> = {
  sgd: { shade: 0.65, dash: 'dash' },
  'sgd-2lr': { shade: 0.45, dash: 'dot' },
};

const COLOURS: Record<Configuration, string> = {
  adamine: '#D55E00',
  avg: '#0072B2',
  avg_nosem: '#56B4E9',
  max: '#009E73',
  pairwise: '#CC79A7',
  pairwise_plus: '#882255',
  lifted_struct: '#E69F00',
  semi_hard: '#999933',
  infonce: '#332288',
};

/** For lines that are not configurations (directions, K of R@K, terms): Tol's "bright" scheme. */
export const SERIES_COLOURS = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB'] as const;

export interface LineStyle {
  colour: string;
  dash: 'solid' | 'dash' | 'dot';
}

/**
 * The configuration a run name stands for (`adamine/sgd`, `avg`, ...), or
 * null. Reads the last path segment (the one before it when the last is a
 * seed folder like `seed2`), drops a seed suffix (`_seed2`, `-s3`) and
 * turns a trailing `_sgd` / `-sgd` (`-sgd-2lr`) into the `/sgd` (`/sgd-2lr`)
 * variant (`_adam` is the default optimizer, dropped).
 */
export function configurationOf(name: string): string | null {
  const isSeed = (s: string) => /^(s|seed)[_-]?\d+$/.test(s);
  const isVariant = (s: string) => (OPTIMIZER_VARIANTS as readonly string[]).includes(s);
  let parts = name.toLowerCase().split('/').filter((p) => p !== '');
  while (parts.length > 1 && isSeed(parts[parts.length - 1])) parts = parts.slice(0, -1);
  let variant = '';
  if (parts.length > 1 && isVariant(parts[parts.length - 1])) {
    variant = parts[parts.length - 1];
    parts = parts.slice(0, -1);
  }
  let base = (parts[parts.length - 1] ?? '').replace(/[_-](s|seed)[_-]?\d+$/, '');
  const suffix = /[_-](sgd[_-]2lr|sgd|adam)$/.exec(base);
  if (suffix) {
    base = base.slice(0, suffix.index);
    if (suffix[1] !== 'adam') variant = suffix[1].replace('_', '-');
  }
  if (!(CONFIGURATIONS as readonly string[]).includes(base)) return null;
  return variant ? `${base}/${variant}` : base;
}

/** `#rrggbb` mixed with black: factor 1 is the colour, 0 black. */
function shade(hex: string, factor: number): string {
  const c = [1, 3, 5].map((i) => Math.round(parseInt(hex.slice(i, i + 2), 16) * factor));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function hashColour(name: string): string {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return SERIES_COLOURS[(h >>> 0) % SERIES_COLOURS.length];
}

/** The colour and dash of a configuration or run name (see configurationOf). */
export function configurationStyle(name: string): LineStyle {
  const config = configurationOf(name);
  if (config === null) return { colour: hashColour(name), dash: 'solid' };
  const [base, variant] = config.split('/') as [Configuration, (typeof OPTIMIZER_VARIANTS)[number] | undefined];
  if (!variant) return { colour: COLOURS[base], dash: 'solid' };
  const style = VARIANT_STYLE[variant];
  return { colour: shade(COLOURS[base], style.shade), dash: style.dash };
}

/** The colour of a configuration or run name. */
export function configurationColour(name: string): string {
  return configurationStyle(name).colour;
}

/** `#rrggbb` as `rgba(r, g, b, alpha)` (bands are the line's colour, see-through). */
export function withAlpha(hex: string, alpha: number): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(hex)) throw new Error(`withAlpha: '${hex}' is not a #rrggbb colour`);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}
