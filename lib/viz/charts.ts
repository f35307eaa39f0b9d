/**
 * Small builders for the figures the notebooks draw again and again, so a
 * notebook cell says what it plots, not how plotly spells it. A line, bar
 * or histogram group named after a loss configuration (or a run folder of
 * one: palette.ts) takes that configuration's colour, in every figure.
 */
import { bandTraces, errorBarTrace } from './bands.js';
import type { Figure } from './figure.js';
import { configurationOf, configurationStyle, type LineStyle } from './palette.js';

export interface Line {
  name: string;
  x: number[];
  y: number[];
  /** Draw a band of y ± spread (std over seeds or bags, a CI half-width). */
  spread?: number[];
  /** The palette entry to colour by, when `name` is not a configuration itself (e.g. "adamine (adaptive)" → "adamine"). */
  configuration?: string;
}

/** The palette's style for a configuration name; undefined (plotly's own colours) for any other name. */
function paletteStyle(name: string, configuration?: string): LineStyle | undefined {
  const key = configuration ?? name;
  return configurationOf(key) === null ? undefined : configurationStyle(key);
}

/** One line per series on shared axes, with a band where the line has a spread. */
export function lineFigure(title: string, lines: Line[], axes: { x: string; y: string; logY?: boolean }): Figure {
  return {
    data: lines.flatMap((l) => {
      const style = paletteStyle(l.name, l.configuration);
      if (l.spread) return bandTraces(l.x, l.y, l.spread, { name: l.name, style: style ?? configurationStyle(l.name) });
      const colour = style ? { line: { color: style.colour, dash: style.dash }, marker: { color: style.colour } } : {};
      return [{ type: 'scatter', mode: l.x.length > 40 ? 'lines' : 'lines+markers', name: l.name, x: l.x, y: l.y, ...colour }];
    }),
    layout: {
      title: { text: title },
      xaxis: { title: { text: axes.x } },
      yaxis: { title: { text: axes.y }, type: axes.logY ? 'log' : 'linear' },
      legend: { orientation: 'h', y: -0.2 },
    },
  };
}

/**
 * Bars; `horizontal` puts labels on the y axis (long names, e.g.
 * ingredients), first label on top. `errors` adds ± error bars; bars
 * labelled with configurations take their colours.
 */
export function barFigure(title: string, labels: string[], values: number[], axes: { label: string; value: string; horizontal?: boolean; errors?: number[] }): Figure {
  if (labels.length !== values.length) throw new Error(`barFigure '${title}': ${labels.length} labels for ${values.length} values`);
  if (axes.errors && axes.errors.length !== values.length) throw new Error(`barFigure '${title}': ${axes.errors.length} errors for ${values.length} values`);
  const horizontal = axes.horizontal ?? false;
  const colours = labels.map((l) => paletteStyle(l)?.colour);
  const marker = colours.every((c) => c !== undefined) ? { marker: { color: horizontal ? [...colours].reverse() : colours } } : {};
  const errors = axes.errors ? { [horizontal ? 'error_x' : 'error_y']: { type: 'data', array: horizontal ? [...axes.errors].reverse() : axes.errors, visible: true } } : {};
  const trace = horizontal
    ? { type: 'bar', orientation: 'h', y: [...labels].reverse(), x: [...values].reverse(), ...marker, ...errors }
    : { type: 'bar', x: labels, y: values, ...marker, ...errors };
  return {
    data: [trace],
    layout: {
      title: { text: title },
      xaxis: { title: { text: horizontal ? axes.value : axes.label }, automargin: true },
      yaxis: { title: { text: horizontal ? axes.label : axes.value }, automargin: true },
      height: horizontal ? Math.max(400, 22 * labels.length + 120) : 500,
    },
  };
}

/** One point per configuration with ± error bars (e.g. R@1 mean ± std over seeds), each in its colour. */
export function errorBarFigure(title: string, points: { name: string; mean: number; error: number }[], axes: { label: string; value: string }): Figure {
  return {
    data: points.map((p) => errorBarTrace([p.name], [p.mean], [p.error], { name: p.name, style: paletteStyle(p.name) ?? configurationStyle(p.name) })),
    layout: {
      title: { text: title },
      xaxis: { title: { text: axes.label }, automargin: true },
      yaxis: { title: { text: axes.value }, automargin: true },
      showlegend: false,
    },
  };
}

/** Overlaid histograms of integer-valued samples (lengths), one per named group. */
export function histogramFigure(title: string, groups: { name: string; values: number[] }[], axes: { x: string }): Figure {
  return {
    data: groups.map((g) => {
      const style = paletteStyle(g.name);
      return { type: 'histogram', name: g.name, x: g.values, opacity: groups.length > 1 ? 0.6 : 1, xbins: { size: 1 }, ...(style ? { marker: { color: style.colour } } : {}) };
    }),
    layout: {
      title: { text: title },
      barmode: 'overlay',
      xaxis: { title: { text: axes.x } },
      yaxis: { title: { text: 'count' } },
    },
  };
}
