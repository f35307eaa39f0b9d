/**
 * Does search find things? A model trained for a few seconds on the tiny
 * cookbook (the demo's widths and options), then every photo of the test
 * split that evaluation pairs with its recipe searched from its file
 * through the retriever, as `recipe1m search --image` does, among every
 * recipe of the split (those without a photo too). Measured when written:
 * 27 of 62 photos found their recipe in the top 10 (chance: 10 of 62), 2 at
 * rank 1 (chance: 1); later, after 20 epochs, 20 of 63 among the 63 pairs,
 * and 17 of 63 once the 5 recipes without a photo became candidates (chance
 * 9.3), hence 40 epochs now: 21 of 63.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateCookbook } from '../../lib/data/generator/generate.js';
import { prepareRecipe1M } from '../../lib/data/prepare.js';
import { trainExperiment } from '../../lib/experiment/experiment.js';
import { readEmbeddings, type ExtractedEmbeddings } from '../../lib/experiment/embeddings_io.js';
import { decodeQueryImage } from '../../lib/retrieval/image_input.js';
import { openSearchSession, type SearchSession } from '../../lib/retrieval/session.js';

let work: string;
let session: SearchSession;
let stored: ExtractedEmbeddings;

before(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'recipe1m-search-quality-'));
  const raw = path.join(work, 'raw');
  const dataset = path.join(work, 'prepared');
  const exp = path.join(work, 'exp');
  await generateCookbook({ out: raw, size: 'tiny', seed: 1 });
  await prepareRecipe1M({ recipe1m: raw, out: dataset, minCount: 2, progress: false });
  await trainExperiment(
    ['-o', 'options/demo.yaml', `--exp.dir=${exp}`, '--exp.overwrite=true', `--dataset.dir=${dataset}`, '--dataset.eval_split=', '--engine.nb_epochs=40', '--engine.progress=false'],
    { echo: () => {}, handleSignals: false },
  );
  session = await openSearchSession(['-o', path.join(exp, 'options.yaml'), '--exp.resume', 'last', '--engine.progress=false'], 'test', () => {});
  stored = await readEmbeddings(exp, 'test');
});

after(async () => {
  session?.close();
  await rm(work, { recursive: true, force: true });
});

test('photos of the test split find their own recipe in the top 10 at least twice as often as chance', async () => {
  const n = stored.recipeIds.length;
  let top10 = 0;
  for (let i = 0; i < n; i++) {
    const recipe = await session.retriever.requireRecipe(stored.recipeIds[i]);
    const file = path.join(session.datasetRoot, recipe.imagePaths[recipe.imageIds.indexOf(stored.imageIds[i])]);
    const result = await session.retriever.byImage(await decodeQueryImage(await readFile(file), file, session.retriever.imageSize), 10);
    if (result.hits.some((h) => h.recipeId === recipe.id)) top10++;
  }
  // A random ranking of the candidates puts the true recipe in the top 10 for 10 of every `candidates` photos on average.
  const candidates = stored.all.recipeIds.length;
  const chance = (10 * n) / candidates;
  assert.ok(n >= 50, `the tiny test split has ${n} pairs`);
  assert.ok(candidates > n, 'recipes without a photo are candidates too');
  assert.ok(top10 >= 2 * chance, `${top10} of ${n} photos found their recipe in the top 10 of ${candidates} recipes; chance is ${chance.toFixed(1)}`);
});
