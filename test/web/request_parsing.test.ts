import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseMultipartFile } from '../../lib/web/multipart.js';
import { resolveInside } from '../../lib/web/safe_path.js';

const CT = 'multipart/form-data; boundary=XyZ';

function multipart(parts: string[]): Buffer {
  return Buffer.from(parts.map((p) => `--XyZ\r\n${p}\r\n`).join('') + '--XyZ--\r\n', 'latin1');
}

test('multipart: the file part is found among other fields, bytes intact', () => {
  const body = multipart([
    'Content-Disposition: form-data; name="top"\r\n\r\n5',
    'Content-Disposition: form-data; name="image"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\r\n--Xy\xff',
  ]);
  const part = parseMultipartFile(body, CT);
  assert.equal(part.field, 'image');
  assert.equal(part.filename, 'a.jpg');
  assert.equal(part.contentType, 'image/jpeg');
  assert.deepEqual([...part.data], [0xff, 0xd8, 13, 10, 45, 45, 88, 121, 0xff]);
});

test('multipart: malformed bodies are refused with a reason', () => {
  assert.throws(() => parseMultipartFile(Buffer.from('x'), 'multipart/form-data'), /no boundary/);
  assert.throws(() => parseMultipartFile(Buffer.from('no delimiter here'), CT), /boundary not found/);
  assert.throws(() => parseMultipartFile(Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'), CT), /not closed/);
  assert.throws(() => parseMultipartFile(Buffer.from('--XyZ\r\nbroken header\r\n\r\nx\r\n--XyZ--'), CT), /bad part header/);
  assert.throws(() => parseMultipartFile(multipart(['Content-Disposition: form-data; name="q"\r\n\r\ntomato']), CT), /no file part/);
});

test('image paths resolve only inside the images folder', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'recipe1m-safe-'));
  await mkdir(path.join(root, 'images', 'test', 'a'), { recursive: true });
  await writeFile(path.join(root, 'images', 'test', 'a', 'x.jpg'), 'jpg');
  await writeFile(path.join(root, 'secret.txt'), 'secret');
  await symlink(path.join(root, 'secret.txt'), path.join(root, 'images', 'test', 'link.jpg'));
  const images = path.join(root, 'images');
  assert.equal(await resolveInside(images, 'test/a/x.jpg'), path.join(await import('node:fs').then((f) => f.realpathSync(images)), 'test', 'a', 'x.jpg'));
  for (const bad of ['../secret.txt', 'test/../../secret.txt', '/etc/passwd', 'test//a/x.jpg', 'test/a/x.jpg\0', 'test\\..\\..\\secret.txt', 'test/link.jpg', 'test/a', 'test/a/missing.jpg']) {
    assert.equal(await resolveInside(images, bad), undefined, bad);
  }
});
