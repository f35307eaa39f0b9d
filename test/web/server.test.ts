import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { existsSync, readlinkSync } from 'node:fs';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Retriever } from '../../lib/retrieval/retriever.js';
import { createSearchServer } from '../../lib/web/server.js';
import { catalog, datasetRoot, embeddings, FakeEncoder, HOSTILE_TITLE, HOSTILE_URL, imagePath, photo, recipeId, recipeUrl } from '../retrieval/fixtures.js';
import { rawConnection, request } from './http_client.js';

const LIMIT = 200_000;
let server: http.Server;
let port: number;
let root: string;
const logged: string[] = [];

async function listen(s: http.Server): Promise<number> {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
}

before(async () => {
  root = await datasetRoot();
  server = createSearchServer(new Retriever(embeddings(), new FakeEncoder(), catalog), {
    datasetRoot: root,
    maxUploadBytes: LIMIT,
    log: (m) => logged.push(m),
  });
  port = await listen(server);
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true });
});

async function goodImageSearch(i: number): Promise<void> {
  const r = await request(port, 'POST', '/api/search/image?top=4', await photo(i), { 'Content-Type': 'image/jpeg' });
  assert.equal(r.status, 200, r.text);
  const hits = r.json().hits;
  assert.equal(hits.length, 4);
  assert.equal(hits[0].recipeId, recipeId(i));
  assert.equal(hits[0].imageUrl, '/' + imagePath(i));
}

test('the page and its assets are served with a strict content security policy', async () => {
  const page = await request(port, 'GET', '/');
  assert.equal(page.status, 200);
  assert.match(String(page.headers['content-type']), /text\/html/);
  assert.match(String(page.headers['content-security-policy']), /default-src 'none'; script-src 'self'/);
  assert.doesNotMatch(page.text, /https?:\/\//);
  for (const asset of ['/app.js', '/app.css']) assert.equal((await request(port, 'GET', asset)).status, 200);
  const script = (await request(port, 'GET', '/app.js')).text;
  assert.doesNotMatch(script, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
});

test('a photo upload, raw or multipart, returns its recipe first with a servable image URL', async () => {
  await goodImageSearch(5);
  const jpeg = await photo(9);
  const body = Buffer.concat([
    Buffer.from('--b0undary\r\nContent-Disposition: form-data; name="image"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'),
    jpeg,
    Buffer.from('\r\n--b0undary--\r\n'),
  ]);
  const r = await request(port, 'POST', '/api/search/image', body, { 'Content-Type': 'multipart/form-data; boundary=b0undary' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json().hits[0].recipeId, recipeId(9));
  const img = await request(port, 'GET', r.json().hits[0].imageUrl);
  assert.equal(img.status, 200);
  assert.equal(img.headers['content-type'], 'image/jpeg');
  assert.deepEqual(img.body, jpeg);
});

test('bad requests get a JSON error and the right status, and the server keeps serving', async () => {
  const big = Buffer.alloc(LIMIT + 50_000, 7);
  const declared = await request(port, 'POST', '/api/search/image', big, { 'Content-Type': 'image/jpeg' });
  assert.equal(declared.status, 413);
  assert.match(declared.json().error, /over the 0\.2 MB limit/);
  const chunked = await request(port, 'POST', '/api/search/image', big, { 'Content-Type': 'image/jpeg' }, true);
  assert.equal(chunked.status, 413);

  const notImage = await request(port, 'POST', '/api/search/image', 'GIF89a? no, just text', { 'Content-Type': 'image/jpeg' });
  assert.equal(notImage.status, 400);
  assert.match(notImage.json().error, /uploaded image: not a decodable image/);
  const whole = await photo(1, 400, 300);
  const truncated = await request(port, 'POST', '/api/search/image', whole.subarray(0, whole.length >> 1), { 'Content-Type': 'image/jpeg' });
  assert.equal(truncated.status, 400);

  const malformed = await request(port, 'POST', '/api/search/image', '--zz\r\nno headers end', { 'Content-Type': 'multipart/form-data; boundary=zz' });
  assert.equal(malformed.status, 400);
  assert.match(malformed.json().error, /malformed multipart body/);

  for (const p of ['/images/..%2fsecret.txt', '/images/%2e%2e/secret.txt', '/images/test/..%2f..%2fsecret.txt', '/images/..%5csecret.txt', '/images/%2fetc%2fpasswd', '/images/test%00.jpg', '/images/%E0%A4%A']) {
    const r = await request(port, 'GET', p);
    assert.ok(r.status === 404 || r.status === 400, `${p}: ${r.status}`);
    assert.doesNotMatch(r.text, /not for the web/);
  }
  const unknown = await request(port, 'GET', '/admin');
  assert.equal(unknown.status, 404);
  assert.match(unknown.json().error, /no route \/admin/);
  const wrongMethod = await request(port, 'DELETE', '/api/search/image');
  assert.equal(wrongMethod.status, 405);
  assert.equal(wrongMethod.headers.allow, 'POST');
  assert.equal((await request(port, 'GET', '/api/search/image')).status, 405);
  assert.equal((await request(port, 'POST', '/api/recipe/r001', 'x')).status, 405);

  const badTop = await request(port, 'GET', '/api/search/ingredients?q=tomato&top=1000');
  assert.equal(badTop.status, 400);
  assert.match(badTop.json().error, /top must be an integer from 1 to 100 in decimal digits, got '1000'/);
  const allUnknown = await request(port, 'GET', '/api/search/ingredients?q=unobtainium');
  assert.equal(allUnknown.status, 400);
  assert.equal((await request(port, 'GET', '/api/recipe/nope')).status, 404);

  await goodImageSearch(2);
  assert.deepEqual(logged, [], 'user errors are not logged as failures');
});

test('ingredient and recipe endpoints return data as JSON text, unescaped and unrendered', async () => {
  const r = await request(port, 'GET', '/api/search/ingredients?q=Mint,%20saffron&remove=&top=3');
  assert.equal(r.status, 200, r.text);
  const result = r.json();
  assert.equal(result.hits[0].recipeId, recipeId(6));
  assert.deepEqual(result.unknown, ['saffron']);
  const recipe = (await request(port, 'GET', '/api/recipe/' + recipeId(3))).json();
  assert.equal(recipe.title, HOSTILE_TITLE);
  assert.deepEqual(recipe.images, [{ id: recipe.images[0].id, path: imagePath(3), url: '/' + imagePath(3) }]);
  // The text as written, not rebuilt from tokens: case, quantities and markup-like text intact.
  assert.equal(recipe.url, HOSTILE_URL);
  assert.deepEqual(recipe.ingredients, ['1 cup banana', '2 limes']);
  assert.deepEqual(recipe.ingredientNames, ['banana', 'lime']);
  assert.deepEqual(recipe.instructions, ['Wash everything.', 'Cook the banana <b>gently</b>.']);
  const plain = (await request(port, 'GET', '/api/recipe/' + recipeId(11))).json();
  assert.equal('url' in plain, false, 'no url key when the dataset gives none');
  assert.equal((await request(port, 'GET', '/api/recipe/' + recipeId(4))).json().url, recipeUrl(4));
  const similar = (await request(port, 'GET', `/api/search/recipe/${recipeId(3)}?top=2`)).json();
  assert.equal(similar.hits[0].recipeId, recipeId(3));
});

test('a failure inside the model is a generic 500: the stack stays in the server log', async () => {
  const log: string[] = [];
  const broken = {
    imageSize: 32,
    embedImage: async () => {
      throw new Error('secret internal detail');
    },
    embedRecipe: async () => new Float32Array(4),
  };
  const s = createSearchServer(new Retriever(embeddings(), broken, catalog), { datasetRoot: root, log: (m) => log.push(m) });
  const p = await listen(s);
  const r = await request(p, 'POST', '/api/search/image', await photo(0), { 'Content-Type': 'image/jpeg' });
  assert.equal(r.status, 500);
  assert.doesNotMatch(r.text, /secret|at /);
  assert.match(log.join('\n'), /secret internal detail/);
  assert.equal((await request(p, 'GET', '/api/info')).status, 200);
  await new Promise((resolve) => s.close(resolve));
});

test('top is decimal digits only: 0x10, 1e1 and friends are refused, not read as numbers', async () => {
  for (const top of ['0x10', '1e1', '%2016', '16.0']) {
    const r = await request(port, 'GET', `/api/search/ingredients?q=tomato&top=${top}`);
    assert.equal(r.status, 400, `top=${top}: ${r.text}`);
    assert.match(r.json().error, /^top must be an integer from 1 to 100 in decimal digits, got '/);
  }
  assert.equal((await request(port, 'GET', '/api/search/ingredients?q=tomato&top=016')).json().hits.length, 12);
});

test('Expect: 100-continue gets 413 unread when the declared body is over the limit, 100 and an answer when not', async () => {
  const over = await rawConnection(port);
  over.send(`POST /api/search/image HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: ${LIMIT + 1}\r\nExpect: 100-continue\r\n\r\n`);
  const refused = await over.waitFor(/\r\n\r\n[^]*\}/);
  over.destroy();
  assert.match(refused, /^HTTP\/1\.1 413 /, 'the first reply is the refusal, not 100 Continue');
  assert.match(refused, /over the 0\.2 MB limit/);
  const jpeg = await photo(4);
  const within = await rawConnection(port);
  within.send(`POST /api/search/image?top=1 HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`);
  await within.waitFor(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
  within.send(jpeg);
  const answer = await within.waitFor(/HTTP\/1\.1 200 [^]*"recipeId":"[^"]+"[^]*\}\]/);
  within.destroy();
  assert.ok(answer.includes(`"recipeId":"${recipeId(4)}"`), answer);
});

/** A server of its own whose log lines are awaited one by one. */
async function loggingServer(): Promise<{ port: number; nextLine: () => Promise<string>; close: () => Promise<unknown> }> {
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  const s = createSearchServer(new Retriever(embeddings(), new FakeEncoder(), catalog), {
    datasetRoot: root,
    maxUploadBytes: LIMIT,
    log: (m) => {
      lines.push(m);
      wake?.();
    },
  });
  const p = await listen(s);
  const nextLine = async (): Promise<string> => {
    while (lines.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return lines.shift()!;
  };
  return { port: p, nextLine, close: () => new Promise((resolve) => s.close(resolve)) };
}

test('a client that leaves mid-upload or mid-download is one log line, and the photo file is closed', async () => {
  const s = await loggingServer();
  const upload = await rawConnection(s.port);
  upload.send(`POST /api/search/image HTTP/1.1\r\nHost: x\r\nContent-Type: image/jpeg\r\nContent-Length: 100000\r\n\r\n`);
  upload.send(Buffer.alloc(1000, 1));
  upload.destroy();
  assert.equal(await s.nextLine(), 'serve: POST /api/search/image: the client closed the connection before the answer was sent');

  // Large enough that the socket's buffers fill and the server is still sending when the client leaves.
  const big = path.join(root, 'images', 'test', 'big.jpg');
  await writeFile(big, Buffer.alloc(32 << 20, 0xff));
  const download = await rawConnection(s.port);
  download.send('GET /images/test/big.jpg HTTP/1.1\r\nHost: x\r\n\r\n');
  await download.waitFor(/^HTTP\/1\.1 200 [^]*\r\n\r\n/);
  download.destroy();
  assert.equal(await s.nextLine(), 'serve: GET /images/test/big.jpg: the client closed the connection before the answer was sent');
  if (existsSync('/proc/self/fd')) {
    const open = (await readdir('/proc/self/fd')).map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    });
    assert.ok(!open.includes(big), 'the aborted download closed its file');
  }
  await s.close();
});
