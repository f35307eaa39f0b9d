/**
 * Small builders for the figures the notebooks draw again and again, so a
 * notebook cell says what it plots, not how plotly spells it.
 */
import type { Figure } from './figure.js';

export interface Line {
  name: string;
  x: number[];
  y: number[];
}

/** One line per series on shared axes. */
export function lineFigure(title: string, lines: Line[], axes: { x: string; y: string; logY?: boolean }): Figure {
  return {
    data: lines.map((l) => ({ type: 'scatter', mode: l.x.length > 40 ? 'lines' : 'lines+markers', name: l.name, x: l.x, y: l.y })),
    layout: {
      title: { text: title },
      xaxis: { title: { text: axes.x } },
      yaxis: { title: { text: axes.y }, type: axes.logY ? 'log' : 'linear' },
      legend: { orientation: 'h', y: -0.2 },
    },
  };
}

/** Bars; `horizontal` puts labels on the y axis (long names, e.g. ingredients), first label on top. */
export function barFigure(title: string, labels: string[], values: number[], axes: { label: string; value: string; horizontal?: boolean }): Figure {
  if (labels.length !== values.length) throw new Error(`barFigure '${title}': ${labels.length} labels for ${values.length} values`);
  const horizontal = axes.horizontal ?? false;
  const trace = horizontal
    ? { type: 'bar', orientation: 'h', y: [...labels].reverse(), x: [...values].reverse() }
    : { type: 'bar', x: labels, y: values };
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

/** Overlaid histograms of integer-valued samples (lengths), one per named group. */
export function histogramFigure(title: string, groups: { name: string; values: number[] }[], axes: { x: string }): Figure {
  return {
    data: groups.map((g) => ({ type: 'histogram', name: g.name, x: g.values, opacity: groups.length > 1 ? 0.6 : 1, xbins: { size: 1 } })),
    layout: {
      title: { text: title },
      barmode: 'overlay',
      xaxis: { title: { text: axes.x } },
      yaxis: { title: { text: 'count' } },
    },
  };
}
