/**
 * The web page in headless Chromium against a real server on 127.0.0.1:
 * upload a photo, see the recipes, open one, search by ingredients. Saves
 * its screenshots under results/search/ (git-ignored) for a person to look at.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Retriever } from '../../lib/search/retriever.js';
import { createSearchServer } from '../../lib/search/server.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../lib/viz/png_renderer.js';
import { catalog, datasetRoot, embeddings, FakeEncoder, HOSTILE_TITLE, photo, recipeId, recipeUrl } from './fixtures.js';
import { writeFileAtomic } from '../../lib/util/atomic_write.js';

let server: http.Server;
let base: string;
let root: string;
let browser: Browser;

before(async () => {
  root = await datasetRoot();
  server = createSearchServer(new Retriever(embeddings(), new FakeEncoder(), catalog), { datasetRoot: root });
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
