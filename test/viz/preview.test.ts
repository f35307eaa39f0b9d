import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { jpegPreview } from '../../lib/viz/preview.js';

test('jpegPreview keeps the size and content of a PNG, as JPEG', async () => {
  const png = await sharp({ create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 1 } } }).png().toBuffer();
  const jpg = await jpegPreview(png);
  const meta = await sharp(jpg).metadata();
  assert.equal(meta.format, 'jpeg');
  assert.equal(meta.width, 40);
  assert.equal(meta.height, 30);
  const { data } = await sharp(jpg).raw().toBuffer({ resolveWithObject: true });
  assert.ok(data[2] > 200 && data[0] < 40, `blue survives: ${data[0]},${data[1]},${data[2]}`);
  await assert.rejects(jpegPreview(png, 0), /quality must be an integer in \[1, 100\], got 0/);
});
