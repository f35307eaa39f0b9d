/**
 * Encode once: `recipe1m eval` keeps the pair embeddings it computed, and
 * `recipe1m extract` of the same checkpoint save, store and options reuses
 * them (no evaluation batch runs), encoding only what evaluation does not:
 * the recipes without a photo and the pairs' other photos. Another save or
 * another batch size is encoded again.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RecipeStore } from '../../lib/data/store.js';
import type { EngineHooks } from '../../lib/engine/engine.js';
import { evaluateExperiment, extractExperiment, trainExperiment } from '../../lib/experiment/experiment.js';
import { loadOptions } from '../../lib/engine/options_schema.js';
import { readEmbeddings } from '../../lib/experiment/embeddings_io.js';
import { tinyExperiment, type TinyExperiment } from '../retrieval/tiny_experiment.js';

let tiny: TinyExperiment;

before(async () => {
  tiny = await tinyExperiment('recipe1m-extract-reuse-');
});

after(async () => {
  await tiny?.remove();
});

/** Runs `f` with a hook counting the evaluation batches it runs, and the lines it says. */
async function counted(f: (hooks: EngineHooks[], echo: (l: string) => void) => Promise<unknown>): Promise<{ batches: number; lines: string[] }> {
  let batches = 0;
  const lines: string[] = [];
  await f([{ onBatchEnd: (ctx) => void (ctx.mode === 'eval' && batches++) }], (l) => lines.push(l));
  return { batches, lines };
}

const args = (...more: string[]) => loadOptions([...tiny.args, '--dataset.train_split=', '--dataset.eval_split=test', '--model.metric.nb_bags=2', '--model.metric.nb_matchs_per_bag=25', ...more]);

test('extract after eval reuses the evaluated pairs and encodes only the rest; a second extract encodes nothing', async () => {
  let evaluated: Awaited<ReturnType<typeof evaluateExperiment>> | undefined;
  const evaluation = await counted(async (hooks, echo) => (evaluated = await evaluateExperiment(args(), { hooks, echo, handleSignals: false })));
  assert.ok(evaluation.batches > 0);
  assert.match(evaluation.lines.join('\n'), /kept the \d+ pair embeddings in .*embeddings_test\//);
  const kept = await readEmbeddings(tiny.exp, 'test');
  assert.equal(kept.covers, 'pairs');
  assert.deepEqual(kept.recipeIds, evaluated!.embeddings.recipeIds);
  assert.deepEqual([...kept.recipes], [...evaluated!.embeddings.recipes]);
  assert.deepEqual([...kept.images], [...evaluated!.embeddings.images]);

  const extraction = await counted((hooks, echo) => extractExperiment(args(), { hooks, echo, handleSignals: false }));
  assert.equal(extraction.batches, 0, 'no evaluation batch: the pairs are not encoded again');
  assert.match(extraction.lines.join('\n'), /reusing the \d+ pair embeddings of .*embeddings_test\/ \(ckpt_last: same checkpoint save, store and options\)/);
  const full = await readEmbeddings(tiny.exp, 'test');
  assert.equal(full.covers, 'split');
  assert.deepEqual([...full.recipes], [...kept.recipes], 'the pair rows are the evaluated ones, bit for bit');
  assert.deepEqual([...full.images], [...kept.images]);
  const store = RecipeStore.open(tiny.dataset, 'test');
  try {
    assert.deepEqual([full.all.recipeIds.length, full.all.imageIds.length], [store.recipeCount, store.images]);
  } finally {
    store.close();
  }

  const again = await counted((hooks, echo) => extractExperiment(args(), { hooks, echo, handleSignals: false }));
  assert.equal(again.batches, 0);
  assert.match(again.lines.join('\n'), /reusing the \d+ pair embeddings and the rest of the split/);
  const same = await readEmbeddings(tiny.exp, 'test');
  assert.deepEqual([...same.all.recipes], [...full.all.recipes]);
  assert.deepEqual([...same.all.images], [...full.all.images]);

  // A batch size of its own batches the pairs differently: they are encoded again.
  const otherBatch = await counted((hooks, echo) => extractExperiment(args('--dataset.batch_size=7'), { hooks, echo, handleSignals: false }));
  assert.ok(otherBatch.batches > 0);
  assert.match(otherBatch.lines.join('\n'), /encoding the \d+ pairs of test \(the embeddings there are not reusable: the network options, the batch limits or size, or misc\.seed differ\)/);
});

test('a new save of the checkpoint is encoded again, and eval does not replace a current set that covers the split', async () => {
  await trainExperiment([...tiny.args.slice(0, 4), '--engine.nb_epochs=2', '--engine.progress=false'], { echo: () => {}, handleSignals: false });
  const extraction = await counted((hooks, echo) => extractExperiment(args(), { hooks, echo, handleSignals: false }));
  assert.ok(extraction.batches > 0);
  assert.match(extraction.lines.join('\n'), /not reusable: they come from another save of the checkpoint/);
  const before = await readEmbeddings(tiny.exp, 'test');
  const evaluation = await counted((hooks, echo) => evaluateExperiment(args(), { hooks, echo, handleSignals: false }));
  assert.doesNotMatch(evaluation.lines.join('\n'), /kept the/);
  const after = await readEmbeddings(tiny.exp, 'test');
  assert.equal(after.covers, 'split');
  assert.equal(after.createdAt, before.createdAt);
});
