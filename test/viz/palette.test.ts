import assert from 'node:assert/strict';
import { test } from 'node:test';
import { barFigure, histogramFigure, lineFigure } from '../../lib/viz/charts.js';
import { CONFIGURATIONS, configurationColour, configurationOf, configurationStyle, withAlpha } from '../../lib/viz/palette.js';

type Trace = Record<string, any>;

test('every loss configuration has its own colour; an optimizer variant keeps the hue, darker and dashed', () => {
  const colours = CONFIGURATIONS.map(configurationColour);
  assert.equal(new Set(colours).size, CONFIGURATIONS.length, `distinct: ${colours}`);
  assert.equal(configurationColour('adamine'), '#D55E00');
  const sgd = configurationStyle('adamine/sgd');
  assert.equal(sgd.dash, 'dash');
  assert.notEqual(sgd.colour, configurationColour('adamine'));
  assert.ok(!colours.includes(sgd.colour));
  assert.deepEqual(configurationStyle('avg'), { colour: '#0072B2', dash: 'solid' });
  // SGD at twice the learning rate: the same hue again, darker than the SGD variant, dotted.
  const doubled = configurationStyle('avg-sgd-2lr');
  assert.deepEqual(doubled, { colour: '#003350', dash: 'dot' });
  assert.notEqual(doubled.colour, configurationStyle('avg-sgd').colour);
});

test('run names map to their configuration: folders, seed folders and suffixes, optimizer suffixes; anything else is none', () => {
  const cases: [string, string | null][] = [
    ['adamine', 'adamine'],
    ['results/ablation/adamine_seed2', 'adamine'],
    ['results/ablation/avg/seed3', 'avg'],
    ['avg_nosem-s1', 'avg_nosem'],
    ['pairwise_plus', 'pairwise_plus'],
    ['adamine_sgd', 'adamine/sgd'],
    ['results/avg-sgd-seed1', 'avg/sgd'],
    ['adamine/sgd', 'adamine/sgd'],
    ['runs/adamine/sgd/seed2', 'adamine/sgd'],
    ['adamine_adam', 'adamine'],
    ['avg-sgd-2lr', 'avg/sgd-2lr'],
    ['results/avg_sgd_2lr/seed-1338', 'avg/sgd-2lr'],
    ['runs/avg/sgd-2lr/seed2', 'avg/sgd-2lr'],
    ['R@1 im2recipe', null],
    ['adamine (adaptive)', null],
    ['seed2', null],
  ];
  for (const [name, config] of cases) assert.equal(configurationOf(name), config, name);
  assert.equal(configurationColour('results/ablation/adamine_seed2'), configurationColour('adamine'));
  // A name that is no configuration still gets the same colour every time.
  assert.equal(configurationColour('something else'), configurationColour('something else'));
  assert.equal(withAlpha('#D55E00', 0.2), 'rgba(213, 94, 0, 0.2)');
  assert.throws(() => withAlpha('red', 0.2), /not a #rrggbb colour/);
});

test('chart helpers colour configurations from the palette and leave other names to plotly', () => {
  const lines = lineFigure('t', [{ name: 'avg', x: [1], y: [1] }, { name: 'max_seed2', x: [1], y: [2] }, { name: 'adamine (adaptive)', configuration: 'adamine', x: [1], y: [3] }, { name: 'IRR', x: [1], y: [4] }], { x: 'x', y: 'y' }).data as Trace[];
  assert.deepEqual(lines.map((t) => t.line?.color), [configurationColour('avg'), configurationColour('max'), configurationColour('adamine'), undefined]);
  const banded = lineFigure('t', [{ name: 'adamine', x: [1, 2], y: [0.3, 0.4], spread: [0.01, 0.02] }], { x: 'x', y: 'y' }).data as Trace[];
  assert.deepEqual(banded.map((t) => t.fill ?? 'line'), ['toself', 'line']);
  assert.equal(banded[0].fillcolor, withAlpha(configurationColour('adamine'), 0.2));
  const bars = barFigure('b', ['adamine', 'avg'], [0.4, 0.3], { label: 'loss', value: 'R@1', errors: [0.01, 0.02] }).data[0] as Trace;
  assert.deepEqual(bars.marker.color, [configurationColour('adamine'), configurationColour('avg')]);
  assert.deepEqual(bars.error_y.array, [0.01, 0.02]);
  const other = barFigure('b', ['salt', 'avg'], [1, 2], { label: 'l', value: 'v' }).data[0] as Trace;
  assert.equal(other.marker, undefined, 'a mixed set of labels keeps one plotly colour');
  assert.throws(() => barFigure('b', ['a'], [1], { label: 'l', value: 'v', errors: [1, 2] }), /1 errors? for|2 errors for 1 values/);
  const hist = histogramFigure('h', [{ name: 'infonce', values: [1, 2] }], { x: 'x' }).data[0] as Trace;
  assert.equal(hist.marker.color, configurationColour('infonce'));
});
