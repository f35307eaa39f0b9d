/**
 * The one image decoder that prepare and search share (lib/data/image_decode.ts):
 * same pixels from a file or its bytes, EXIF rotation, the pixel limit read
 * from the header, and errors that name the file or upload.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeImage } from '../../lib/data/index.js';

let work: string;

/** A w × h image, its left half red and its right half blue. */
function halves(w: number, h: number): Buffer {
  const px = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) px.set(x < w / 2 ? [220, 20, 20] : [20, 20, 220], (y * w + x) * 3);
  return px;
}

const raw = (w: number, h: number) => ({ raw: { width: w, height: h, channels: 3 as const } });

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'recipe1m-decode-'));
});

after(async () => {
  await rm(work, { recursive: true, force: true });
});

test('a file and its bytes decode to the same size × size RGB pixels', async () => {
  const jpeg = await sharp(halves(300, 200), raw(300, 200)).jpeg({ quality: 90 }).toBuffer();
  const file = join(work, 'photo.jpg');
  await writeFile(file, jpeg);
  const fromFile = await decodeImage(file, 64);
  const fromBytes = await decodeImage(jpeg, 64, { source: 'upload' });
  assert.equal(fromFile.width, 64);
  assert.equal(fromFile.height, 64);
  assert.equal(fromFile.data.length, 64 * 64 * 3);
  assert.deepEqual(fromBytes, fromFile);
});

test('a photo tagged with an EXIF orientation decodes the way people see it', async () => {
  // Orientation 6: the camera was turned a quarter clockwise; viewers turn the pixels back.
  const tagged = await sharp(halves(40, 20), raw(40, 20)).withMetadata({ orientation: 6 }).png().toBuffer();
  const upright = await sharp(halves(40, 20), raw(40, 20)).rotate(90).png().toBuffer();
  const unturned = await sharp(halves(40, 20), raw(40, 20)).png().toBuffer();
  const seen = await decodeImage(tagged, 16);
  assert.deepEqual(seen, await decodeImage(upright, 16));
  assert.notDeepEqual(seen, await decodeImage(unturned, 16));
});

test('an image over the pixel limit is refused with its size and the limit, not called undecodable', async () => {
  const png = await sharp(halves(300, 200), raw(300, 200)).png().toBuffer();
  await assert.rejects(
    decodeImage(png, 32, { source: 'big.png', maxPixels: 50_000 }),
    /^ImageDecodeError: big\.png: image too large: 300×200 pixels \(0\.1 megapixels\), limit 0\.1 megapixels$/,
  );
  assert.equal((await decodeImage(png, 32, { maxPixels: 60_000 })).width, 32);
});

test('truncated, empty and non-image input, and refused formats, are errors naming the source', async () => {
  const png = await sharp(halves(200, 200), raw(200, 200)).png({ compressionLevel: 0 }).toBuffer();
  const cut = join(work, 'cut.png');
  await writeFile(cut, png.subarray(0, png.length >> 1));
  await assert.rejects(decodeImage(cut, 32), (e: Error) => e.message.startsWith(`${cut}: the PNG image does not decode (`));
  await assert.rejects(decodeImage(Buffer.alloc(0), 32, { source: 'upload' }), /^ImageDecodeError: upload: empty image$/);
  await assert.rejects(decodeImage(Buffer.from('not an image at all'), 32, { source: 'notes.txt' }), /notes\.txt: not a decodable image$/);
  const gif = await sharp(halves(20, 20), raw(20, 20)).gif().toBuffer();
  assert.equal((await decodeImage(gif, 8)).width, 8, 'any format sharp reads unless told otherwise');
  await assert.rejects(
    decodeImage(gif, 8, { source: 'anim.gif', formats: ['jpeg', 'png', 'webp'] }),
    /anim\.gif: GIF images are not accepted \(JPEG, PNG or WebP expected\)$/,
  );
});
