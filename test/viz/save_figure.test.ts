import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { saveFigure, figureTitle } from '../../lib/viz/save_figure.js';
import { closeSharedRenderer } from '../../lib/viz/png_renderer.js';

const dir = mkdtempSync(join(tmpdir(), 'viz-'));
after(async () => {
  await closeSharedRenderer();
  rmSync(dir, { recursive: true, force: true });
});

test('saveFigure writes a self-contained HTML page, an SVG and a non-blank PNG at twice the layout size', async () => {
  const fig = {
    data: [{ type: 'bar', x: ['a', 'b', 'c'], y: [3, 1, 2], marker: { color: '#d7191c' } }],
    layout: { title: { text: 'three bars' }, width: 400, height: 300 },
  };
  const out = await saveFigure(fig, join(dir, 'nested'), 'bars');
  assert.equal(out.html, join(dir, 'nested', 'bars.html'));
  const html = readFileSync(out.html, 'utf8');
  assert.match(html, /<title>three bars<\/title>/);
  assert.ok(!/<script[^>]+src=/.test(html), 'no external script');
  assert.ok(html.length > 1_000_000, 'plotly is inlined');

  assert.equal(out.svg, join(dir, 'nested', 'bars.svg'));
  const svg = readFileSync(out.svg, 'utf8');
  assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*width="400" height="300"/);
  assert.match(svg, />three bars</, 'the title is text in the SVG');
  assert.match(svg, /fill: rgb\(215, 25, 28\)/, 'the bars are vector shapes of their colour');
  const vector = await sharp(Buffer.from(svg)).metadata();
  assert.deepEqual([vector.format, vector.width, vector.height], ['svg', 400, 300]);

  const meta = await sharp(out.png).metadata();
  assert.equal(meta.format, 'png');
  assert.equal(meta.width, 800);
  assert.equal(meta.height, 600);
  const { data, info } = await sharp(out.png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let red = 0;
  for (let i = 0; i < data.length; i += info.channels) if (data[i] > 180 && data[i + 1] < 60 && data[i + 2] < 60) red++;
  // Bars of #d7191c cover a visible share of the plot; a blank render has none.
  assert.ok(red > 8000, `red bar pixels: ${red}`);
});

test('a second figure reuses the renderer and a bad name is refused', async () => {
  const out = await saveFigure({ data: [{ type: 'scatter', y: [1, 4, 9] }] }, dir, 'line');
  const meta = await sharp(out.png).metadata();
  assert.equal(meta.width, 1600);
  await assert.rejects(saveFigure({ data: [] }, dir, '../escape'), /plain file stem/);
});

test('figureTitle reads string and object titles', () => {
  assert.equal(figureTitle({ data: [], layout: { title: 'a' } }), 'a');
  assert.equal(figureTitle({ data: [], layout: { title: { text: 'b' } } }), 'b');
  assert.equal(figureTitle({ data: [] }), undefined);
});
