import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { imageGrid, wrapText, escapeXml } from '../../lib/viz/image_grid.js';

function solid(r: number, g: number, b: number): Promise<Buffer> {
  return sharp({ create: { width: 50, height: 40, channels: 3, background: { r, g, b } } }).jpeg().toBuffer();
}

async function pixel(png: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at], data[at + 1], data[at + 2]];
}

test('imageGrid lays out rows x columns and frames the marked tile in green', async () => {
  const blue = await solid(0, 0, 255);
  const red = await solid(255, 0, 0);
  const png = await imageGrid(
    [
      { label: 'tomato basil pasta', cells: [{ image: blue, caption: '#1' }, { image: red, marked: true, caption: '#2' }] },
      { label: 'soup', cells: [{ image: red }] },
    ],
    { tile: 100, labelWidth: 120, captionHeight: 20, gap: 10 },
  );
  const meta = await sharp(png).metadata();
  assert.equal(meta.format, 'png');
  assert.equal(meta.width, 10 + 120 + 2 * (100 + 10));
  assert.equal(meta.height, 10 + 2 * (100 + 20 + 10));
  // Row 0, cell 1 starts at x = 10 + 120 + 110 = 240, y = 10: its frame is 6 px of green.
  const frame = await pixel(png, 242, 50);
  assert.ok(frame[1] > 120 && frame[0] < 60 && frame[2] < 100, `frame pixel ${frame}`);
  // Inside cell 1: red; inside cell 0 (x from 130): blue.
  const inside1 = await pixel(png, 290, 60);
  assert.ok(inside1[0] > 200 && inside1[2] < 60, `cell 1 pixel ${inside1}`);
  const inside0 = await pixel(png, 180, 60);
  assert.ok(inside0[2] > 200 && inside0[0] < 60, `cell 0 pixel ${inside0}`);
  // Row 1 has one cell; its second slot stays white.
  assert.deepEqual(await pixel(png, 290, 10 + 130 + 50), [255, 255, 255]);
});

test('imageGrid names the cell whose image cannot be read', async () => {
  await assert.rejects(
    imageGrid([{ label: 'x', cells: [{ image: '/nonexistent/a.jpg' }] }]),
    /row 0 cell 0: cannot read image \/nonexistent\/a\.jpg/,
  );
  await assert.rejects(imageGrid([]), /no rows/);
});

test('wrapText wraps greedily and marks truncation', () => {
  assert.deepEqual(wrapText('a bb ccc dddd', 6, 5), ['a bb', 'ccc', 'dddd']);
  assert.deepEqual(wrapText('a bb ccc dddd', 6, 2), ['a bb', 'ccc…']);
  assert.deepEqual(wrapText('abcdefghij', 5, 1), ['abcd…']);
  assert.deepEqual(wrapText('', 5, 2), []);
});

test('escapeXml escapes markup characters', () => {
  assert.equal(escapeXml(`<a & "b" 'c'>`), '&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
});
