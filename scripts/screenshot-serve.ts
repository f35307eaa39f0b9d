/**
 * Regenerates the README's pictures of the retrieval page
 * (results/figures/serve-page.png, serve-recipe.png) from the demo
 * experiment: run `npm start` first, then
 * `node --import tsx scripts/screenshot-serve.ts [test photo path]`.
 */
import { readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { initBackend } from '../lib/backend/index.js';
import { createSearchServer } from '../lib/web/server.js';
import { openSearchSession } from '../lib/retrieval/session.js';
import { writeFileAtomic } from '../lib/util/atomic_write.js';
import { CHROMIUM_ARGS, chromiumPath } from '../lib/viz/png_renderer.js';

const EXPERIMENT = ['-o', 'results/demo/options.yaml', '--exp.resume', 'best_eval_epoch.metric.recall_at_1_im2recipe_mean'];

/** The first photo of the test split, in path order: a stable choice between runs. */
function firstPhoto(dir: string): string {
  const entries = readdirSync(dir).sort();
  for (const name of entries) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      const found = firstPhoto(full);
      if (found) return found;
    } else if (/\.(jpe?g|png|webp)$/i.test(name)) return full;
  }
  return '';
}

await initBackend();
const session = await openSearchSession(EXPERIMENT, 'test', (m) => console.error(m));
const server = createSearchServer(session.retriever, { datasetRoot: session.datasetRoot });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const photo = process.argv[2] ?? firstPhoto(path.join(session.datasetRoot, 'images', 'test'));
if (!photo) throw new Error(`no photo under ${session.datasetRoot}/images/test`);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(`${base}/`);
  await page.setInputFiles('#file', photo);
  await page.waitForSelector('#results .card');
  await page.waitForFunction(() => Array.from(document.querySelectorAll('#results img')).every((i) => (i as HTMLImageElement).complete));
  writeFileAtomic('results/figures/serve-page.png', await page.screenshot());
  await page.locator('#results .card').first().click();
  await page.waitForTimeout(300);
  writeFileAtomic('results/figures/serve-recipe.png', await page.screenshot());
  console.log(`wrote results/figures/serve-page.png and serve-recipe.png (query: ${photo})`);
} finally {
  await browser.close();
  server.close();
  session.close();
}
