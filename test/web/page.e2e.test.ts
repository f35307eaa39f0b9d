/**
 * The web page in headless Chromium against a real server on 127.0.0.1
 * holding two splits: upload a photo, see the recipes (those without a
 * photo too), open one and see all its photos, search by ingredients, pick
 * a split. Saves its screenshots under results/search/ (git-ignored) for a
 * person to look at.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Retriever } from '../../lib/retrieval/retriever.js';
import { createSearchServer } from '../../lib/web/server.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../lib/viz/png_renderer.js';
import { catalog, datasetRoot, embeddings, FakeEncoder, HOSTILE_TITLE, N, photo, photoOfHue, recipeId, recipeUrl, STEW, TART, valEmbeddings } from '../retrieval/fixtures.js';
import { writeFileAtomic } from '../../lib/util/atomic_write.js';

let server: http.Server;
let base: string;
let root: string;
let browser: Browser;

before(async () => {
  root = await datasetRoot();
  server = createSearchServer(new Retriever([embeddings(), valEmbeddings()], new FakeEncoder(), catalog), { datasetRoot: root });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // launch() gives Chromium a fresh temporary profile of its own (an explicit --user-data-dir is refused).
  browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true });
});

test('upload a photo, see its recipe first, open it; titles stay text', async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 860 } });
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) external.push(r.url());
  });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(base + '/');
  await page.waitForFunction(() => document.getElementById('info')?.textContent?.includes('recipes'));

  const upload = path.join(root, 'query.jpg');
  // Hue 3's photo: the hostile title's recipe, so the first card shows it.
  await writeFile(upload, await photo(3, 640, 480));
  await page.setInputFiles('#file', upload);
  await page.waitForSelector('#results .card');
  const cards = page.locator('#results .card');
  assert.equal(await cards.count(), 12);
  assert.equal(await cards.first().getAttribute('data-recipe-id'), recipeId(3));
  assert.equal(await cards.first().locator('.title').textContent(), HOSTILE_TITLE);
  // Every result picture loaded from this server.
  await page.waitForFunction(() => Array.from(document.querySelectorAll('#results img')).every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0));
  const shot = await page.screenshot({ fullPage: true });
  writeFileAtomic(path.join('results', 'search', 'serve-page.png'), shot);

  await cards.first().click();
  await page.waitForSelector('#recipe[open]');
  assert.equal(await page.locator('#r-title').textContent(), HOSTILE_TITLE);
  assert.deepEqual(await page.locator('#r-ingredients li').allTextContents(), ['1 cup banana', '2 limes']);
  assert.equal(await page.locator('#r-instructions li').nth(1).textContent(), 'Cook the banana <b>gently</b>.');
  // Its "javascript:" web page is not offered as a link.
  assert.equal(await page.locator('#r-source').isHidden(), true);
  assert.equal(await page.locator('#r-url').getAttribute('href'), null);
  writeFileAtomic(path.join('results', 'search', 'serve-recipe.png'), await page.screenshot());
  await page.click('#close');
  // Another recipe's http(s) page is a link showing its address as text.
  await cards.nth(1).click();
  await page.waitForSelector('#recipe[open]');
  const second = Number((await cards.nth(1).getAttribute('data-recipe-id'))!.slice(1));
  assert.equal(await page.locator('#r-source').isVisible(), true);
  assert.equal(await page.locator('#r-url').getAttribute('href'), recipeUrl(second));
  assert.equal(await page.locator('#r-url').textContent(), recipeUrl(second));
  await page.click('#close');

  await page.fill('#ingredients', 'Mint, moon rock');
  await page.click('#ingredients-form button');
  await page.waitForFunction(() => document.getElementById('results-title')?.textContent === 'Dishes with mint');
  assert.equal(await cards.first().getAttribute('data-recipe-id'), recipeId(6));
  assert.match((await page.locator('#status').textContent()) ?? '', /not in the vocabulary \(ignored\): moon_rock/);

  await page.fill('#ingredients', 'moon rock');
  await page.click('#ingredients-form button');
  await page.waitForSelector('#status.error');
  assert.match((await page.locator('#status').textContent()) ?? '', /none of these ingredients is in the vocabulary/);

  assert.equal(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
  assert.equal(await page.locator('#results img[onerror]').count(), 0);
  assert.deepEqual(external, []);
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('every split by default, a recipe without a photo among the results, all photos of a recipe in its dialog, one split on request', async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 860 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(base + '/');
  await page.waitForFunction(() => document.getElementById('info')?.textContent?.includes('recipes'));
  assert.equal(await page.locator('#info').textContent(), `${N + 2} recipes (${N + 1} with photos) and ${N + 3} photos of the test, val splits · checkpoint ckpt_best_fixture`);
  assert.equal(await page.locator('#split').inputValue(), 'all');
  assert.deepEqual(await page.locator('#split option').allTextContents(), ['all splits', 'test split', 'val split']);

  // A photo of the tart's colour: the tart, which has no photo, comes first.
  const upload = path.join(root, 'tart.jpg');
  await writeFile(upload, await photoOfHue(TART.hue, 400, 300));
  await page.setInputFiles('#file', upload);
  await page.waitForSelector('#results .card');
  const cards = page.locator('#results .card');
  assert.equal(await cards.first().getAttribute('data-recipe-id'), TART.id);
  assert.equal(await cards.first().locator('.nophoto').textContent(), 'no photo');
  assert.equal(await cards.first().locator('img').count(), 0);
  assert.match((await cards.first().locator('.line').textContent()) ?? '', /·\s+val$/);
  await cards.first().click();
  await page.waitForSelector('#recipe[open]');
  assert.equal(await page.locator('#r-images img').count(), 0);
  assert.equal(await page.locator('#r-images').textContent(), 'This recipe has no photo.');
  await page.click('#close');

  // The stew's dialog shows its three photos (JPEG, PNG, WebP), every one loaded.
  // Carrot (hue 1) and lemon (hue 2) together: the stew's hue.
  await page.fill('#ingredients', 'carrot, lemon');
  await page.click('#ingredients-form button');
  await page.waitForFunction(() => document.getElementById('results-title')?.textContent === 'Dishes with carrot, lemon');
  const stew = page.locator(`#results .card[data-recipe-id="${STEW.id}"]`);
  assert.equal(await stew.count(), 3, 'each of its photos is a result');
  assert.deepEqual(await cards.evaluateAll((cs) => cs.slice(0, 3).map((c) => c.getAttribute('data-recipe-id'))), [STEW.id, STEW.id, STEW.id]);
  await stew.first().click();
  await page.waitForSelector('#recipe[open]');
  const photos = page.locator('#r-images img');
  assert.equal(await photos.count(), 3);
  await page.waitForFunction(() => Array.from(document.querySelectorAll('#r-images img')).every((i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0));
  const sources = await photos.evaluateAll((imgs) => imgs.map((i) => new URL((i as HTMLImageElement).src).pathname));
  assert.deepEqual(sources.map((p) => p.split('/').pop()), STEW.imageIds);
  assert.deepEqual(await photos.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).alt)), [1, 2, 3].map((k) => `${STEW.title} (photo ${k} of 3)`));
  writeFileAtomic(path.join('results', 'search', 'serve-recipe-photos.png'), await page.screenshot());
  await page.click('#close');

  // The test split alone: no val recipe, hence no tart.
  await page.selectOption('#split', 'test');
  const again = path.join(root, 'tart-again.jpg');
  await writeFile(again, await photoOfHue(TART.hue, 300, 300));
  await page.setInputFiles('#file', again);
  await page.waitForFunction(() => document.getElementById('results-title')?.textContent === 'Recipes for your photo');
  const ids = await cards.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-recipe-id')));
  assert.ok(ids.length > 0 && ids.every((id) => id !== TART.id && id !== STEW.id), ids.join(', '));
  assert.equal(await cards.first().getAttribute('data-recipe-id'), recipeId(4));
  assert.deepEqual(pageErrors, []);
  await page.close();
});
