/**
 * The `recipe1m_scale` bench case (opt-in: `npm run bench -- --only
 * recipe1m_scale [--recipes N]`): the data path at Recipe1M's scale. It
 * writes a Recipe1M-shaped text dataset of N recipes with 2048-d features
 * (recipe1m_shaped.ts; no photo rendered), prepares it (imported features),
 * trains a few batches of the paper's configuration (options/adamine.yaml:
 * hierarchical, paper widths) to time a training step, then evaluates the
 * test split with the 10k setup (bags of 10,000 pairs) at paper widths.
 *
 * Reported: each phase's wall time; for prepare and evaluation the peak
 * process memory (the largest RssAnon seen, sampled every 200 ms:
 * anonymous memory, i.e. heaps and buffers, not the store's mapped file
 * pages) and the peak RSS (VmHWM, mapped pages included, reset before each
 * phase); the store's size on disk per split against the raw feature
 * bytes; the projected time of one training epoch (the split's batches of
 * 100 × the median measured step, with the run's engine workers), and the
 * same scaled to Recipe1M's 1,029,720 recipes.
 *
 * The 10k setup wants 5 disjoint bags of 10,000 test pairs, 50,000 in all:
 * about 992,000 recipes at Recipe1M's shape (1,029,720 give about 51,900).
 * A smaller N gets as many bags of 10,000 as its test pairs allow (the
 * record says how many); under 10,000 test pairs (N below about 200,000)
 * the case stops and says so.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareRecipe1M, RecipeStore, trainBatches } from '../lib/data/index.js';
import { SPLITS } from '../lib/data/types.js';
import { evaluateExperiment, trainExperiment } from '../lib/experiment/experiment.js';
import { readSeries } from '../lib/experiment/logger.js';
import { Random } from '../lib/util/random.js';
import { storeFiles, totalBytes } from './feature_read.js';
import { writeShapedDataset } from './recipe1m_shaped.js';

export const DEFAULT_SCALE_RECIPES = 200_000;
const RECIPE1M_RECIPES = 1_029_720;

const MB = 2 ** 20;
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

function statusKB(field: string): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'));
  if (!m) throw new Error(`/proc/self/status has no ${field} (the recipe1m_scale case reads memory from /proc: Linux only)`);
  return Number(m[1]);
}

/** Peak anonymous resident memory (sampled) and peak RSS (VmHWM, reset at the start) of one phase. */
async function measured<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number; peakProcessMB: number; peakRssMB: number }> {
  writeFileSync('/proc/self/clear_refs', '5');
  let peakAnon = statusKB('RssAnon');
  const timer = setInterval(() => (peakAnon = Math.max(peakAnon, statusKB('RssAnon'))), 200);
  const t0 = performance.now();
  try {
    const value = await run();
    peakAnon = Math.max(peakAnon, statusKB('RssAnon'));
    return { value, seconds: (performance.now() - t0) / 1000, peakProcessMB: round((peakAnon * 1024) / MB), peakRssMB: round((statusKB('VmHWM') * 1024) / MB) };
  } finally {
    clearInterval(timer);
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function runRecipe1MScale(recipes: number, quick: boolean): Promise<Record<string, unknown>> {
  if (!Number.isInteger(recipes) || recipes < 1) throw new Error(`recipe1m_scale: --recipes must be a positive integer, got ${recipes}`);
  const work = await mkdtemp(join(tmpdir(), 'recipe1m-bench-scale-'));
  try {
    const log = (line: string) => process.stderr.write(`recipe1m_scale: ${line}\n`);
    log(`writing a Recipe1M-shaped dataset of ${recipes} recipes into ${work}`);
    const gen = await measured(async () => writeShapedDataset(join(work, 'raw'), recipes));
    const data = gen.value;
    const datasetBytes = ['layer1.json', 'layer2.json', 'det_ingrs.json', 'features.f32'].reduce((a, f) => a + statSync(join(data.dir, f)).size, 0);
    const prepared = join(work, 'prepared');
    log(`prepare (${data.images} imported 2048-d features)`);
    const prep = await measured(() => prepareRecipe1M({ recipe1m: data.dir, out: prepared, features: data.features, featureIds: data.featureIds, progress: false }));
    const manifest = prep.value.manifest;
    const testPairs = manifest.splits.test.pairs;
    const bags = Math.min(5, Math.floor(testPairs / 10_000));
    if (bags < 1) throw new Error(`recipe1m_scale: ${recipes} recipes give ${testPairs} test pairs, fewer than one bag of 10,000: give --recipes 200000 or more`);
    const storeBySplit = Object.fromEntries(SPLITS.map((s) => [s, storeFiles(prepared, s)]));
    const storeBytes = SPLITS.reduce((a, s) => a + totalBytes(storeBySplit[s]), 0);
    const featureBytes = SPLITS.reduce((a, s) => a + manifest.splits[s].images * manifest.featureDim * 4, 0);
    const featureFileBytes = SPLITS.reduce((a, s) => a + (storeBySplit[s]['features.f32'] ?? 0), 0);

    const exp = join(work, 'exp');
    const steps = quick ? 2 : 4;
    log(`training ${steps} batches of 100 at paper widths (options/adamine.yaml)`);
    const common = [`--dataset.dir=${prepared}`, '--engine.progress=false'];
    const train = await measured(() =>
      trainExperiment(['-o', 'options/adamine.yaml', `--exp.dir=${exp}`, '--dataset.eval_split=', '--engine.nb_epochs=1', `--engine.max_batches_per_epoch=${steps}`, ...common], {
        echo: () => {},
        handleSignals: false,
      }),
    );
    const stepTimes = readSeries(join(exp, 'logs.json'))['train_batch.time'];
    // The first step pays for warming up (kernels, allocations).
    const stepS = median(stepTimes.slice(1));
    const trainStore = RecipeStore.open(prepared, 'train');
    const batchesPerEpoch = trainBatches(trainStore.classes, 100, new Random(1338)).length;
    trainStore.close();
    const workers = 1;

    log(`evaluating the ${testPairs} test pairs: ${bags} disjoint bag(s) of 10,000`);
    const evaluation = await measured(() =>
      evaluateExperiment(
        ['-o', join(exp, 'options.yaml'), '--exp.resume=last', '--dataset.train_split=', '--dataset.eval_split=test', `--model.metric.nb_bags=${bags}`, '--model.metric.nb_matchs_per_bag=10000', '--misc.logs_name=test_10k', ...common],
        { echo: () => {}, handleSignals: false },
      ),
    );
    const encodeS = evaluation.value.stats.time;
    return {
      case: 'recipe1m_scale',
      recipes,
      recipes_with_photos: data.recipesWithPhotos,
      images: data.images,
      pairs: Object.fromEntries(SPLITS.map((s) => [s, manifest.splits[s].pairs])),
      text_only: Object.fromEntries(SPLITS.map((s) => [s, manifest.splits[s].textOnly])),
      vocab: manifest.vocabSize,
      dataset_bytes: datasetBytes,
      generate_s: round(gen.seconds),
      prepare_s: round(prep.seconds),
      prepare_peak_process_mb: prep.peakProcessMB,
      prepare_peak_rss_mb: prep.peakRssMB,
      store_bytes: storeBytes,
      store_bytes_by_split: storeBySplit,
      feature_bytes: featureBytes,
      feature_file_bytes: featureFileBytes,
      store_over_features: round(storeBytes / featureBytes, 3),
      records_bytes: storeBytes - featureFileBytes,
      train_steps: stepTimes.length,
      train_step_s: round(stepS, 3),
      train_batches_per_epoch: batchesPerEpoch,
      workers,
      workers_note: 'engine.workers is not in this build: the steps ran, and the epoch is projected, on one worker',
      projected_epoch_min: round((batchesPerEpoch * stepS) / workers / 60, 1),
      // Recipe1M's 1,029,720 recipes give about 241,600 training pairs at this shape: the same batches scaled.
      projected_recipe1m_epoch_min: round((batchesPerEpoch * (RECIPE1M_RECIPES / recipes) * stepS) / workers / 60, 1),
      train_s: round(train.seconds),
      eval_setup: `${bags} disjoint bag(s) of 10,000 test pairs${bags < 5 ? ` (the 10k setup has 5: ${recipes} recipes give ${testPairs} test pairs)` : ''}`,
      eval_s: round(evaluation.seconds),
      eval_encode_s: round(encodeS),
      eval_rank_and_write_s: round(evaluation.seconds - encodeS),
      eval_peak_process_mb: evaluation.peakProcessMB,
      eval_peak_rss_mb: evaluation.peakRssMB,
      r1_im2recipe_untrained: round(evaluation.value.metrics.recall_at_1_im2recipe_mean, 5),
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
