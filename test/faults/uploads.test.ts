/**
 * Hostile uploads against `recipe1m serve` on a real (tiny) experiment, the
 * server in its own process so that its memory is its own: many concurrent
 * 49-megapixel PNGs (about 150 MB each at full resolution, under 1 MB as
 * files) must not raise its peak resident memory more than a few hundred MB
 * above idle, nor stop it answering; a 64-megapixel one is refused by name.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import sharp from 'sharp';
import { photo } from '../retrieval/fixtures.js';
import { request } from '../web/http_client.js';
import { canReadMemory, startServe, type ServeProcess } from '../web/serve_process.js';
import { tinyExperiment, type TinyExperiment } from '../retrieval/tiny_experiment.js';

const CONCURRENT = 16;
/** Peak resident memory allowed above idle while the uploads run. */
const BOUND_MB = 300;

let exp: TinyExperiment;
let server: ServeProcess;
let png49: Buffer;
let png64: Buffer;

/** A solid w × h PNG: tiny as a file, w × h × 3 bytes decoded. */
function solidPng(side: number): Promise<Buffer> {
  return sharp({ create: { width: side, height: side, channels: 3, background: { r: 200, g: 90, b: 40 } } }).png().toBuffer();
}

function upload(body: Buffer) {
  return request(server.port, 'POST', '/api/search/image', body, { 'Content-Type': 'image/png' });
}

before(async () => {
  exp = await tinyExperiment('recipe1m-uploads-');
  png49 = await solidPng(7000);
  png64 = await solidPng(8000);
  server = await startServe(exp.args);
});

after(async () => {
  await server?.stop();
  await exp?.remove();
});

test(`${CONCURRENT} concurrent 49-megapixel PNG uploads keep the server within ${BOUND_MB} MB of idle, and it keeps answering`, async (t) => {
  if (!canReadMemory()) {
    t.skip('needs /proc/<pid>/status (Linux)');
    return;
  }
  // The first photo loads the backbone and starts sharp's threads: idle is measured after that.
  assert.equal((await upload(await photo(0))).status, 200);
  const first = await upload(png49);
  assert.equal(first.status, 200, first.text);
  const idle = server.rssMB();
  server.resetPeak();
  let answered = 0;
  let loading = true;
  const ping = (async () => {
    while (loading) {
      const info = await request(server.port, 'GET', '/api/info');
      assert.equal(info.status, 200);
      answered++;
      await sleep(20);
    }
  })();
  const replies = await Promise.all(Array.from({ length: CONCURRENT }, () => upload(png49)));
  loading = false;
  await ping;
  const peak = server.peakMB();
  for (const r of replies) {
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json().hits.length, 10);
  }
  assert.ok(answered > 0, 'the server answered other requests during the uploads');
  t.diagnostic(`idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB during ${CONCURRENT} concurrent uploads`);
  assert.ok(peak - idle < BOUND_MB, `peak ${peak.toFixed(0)} MB is ${(peak - idle).toFixed(0)} MB above idle (${idle.toFixed(0)} MB)`);
  const after = await request(server.port, 'GET', '/api/search/ingredients?q=tomato,onion&top=3');
  assert.equal(after.status, 200, after.text);
});

test('a 64-megapixel PNG is refused as too large, with its size and the limit', async () => {
  const r = await upload(png64);
  assert.equal(r.status, 400);
  assert.equal(r.json().error, 'uploaded image: image too large: 8000×8000 pixels (64.0 megapixels), limit 50.0 megapixels');
  assert.equal((await upload(await photo(1))).status, 200, 'and the server still searches');
  assert.doesNotMatch(server.stderr(), /at .*\.ts:\d+/, 'no stack traces in the server log');
});
