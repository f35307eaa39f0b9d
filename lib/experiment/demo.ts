/**
 * The main job (`npm start` = `recipe1m demo`): recipe1m-mini (small) is
 * generated under data/ and prepared if absent (reused when present), AdaMine
 * is trained with options/demo.yaml, the best validation checkpoint is
 * evaluated on test, and results/demo/REPORT.md says what came out and
 * where everything went. Sized for 15 minutes on a 2-core machine.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { backendInfo } from '../backend/index.js';
import { generateCookbook, MINI_SIZES, prepareRecipe1M, readManifest } from '../data/index.js';
import { writeFileAtomic } from '../util/atomic_write.js';
import { DEFAULT_SAVING_CRITERIA } from '../engine/engine_options.js';
import { demoReportMarkdown } from './demo_report.js';
import { evaluateExperiment, trainExperiment } from './experiment.js';
import { loadOptions } from '../engine/options_schema.js';
import { formatDuration, ProgressBar } from '../util/progress.js';

export const DEMO_OPTIONS = 'options/demo.yaml';
export const DEMO_DATA = 'data/recipe1m-mini-small';
const DEMO_SEED = 1338;
const PAPER_BAG = 1000;
const PAPER_BAGS = 10;

export interface DemoResult {
  report: string;
  expDir: string;
  metrics: Record<string, number>;
  seconds: number;
}

/**
 * The test protocol: 10 disjoint bags of 1,000 (the paper's 1k setup) when
 * the split has 10,000 pairs; else 10 independent bags of 1,000 (docs/method.md §8.1's
 * other convention) when it has 1,000; else 10 independent bags of the whole split.
 */
export function demoProtocol(pairs: number): { nbBags: number; perBag: number; name: 'disjoint' | 'independent' } {
  if (pairs >= PAPER_BAGS * PAPER_BAG) return { nbBags: PAPER_BAGS, perBag: PAPER_BAG, name: 'disjoint' };
  return { nbBags: PAPER_BAGS, perBag: Math.min(PAPER_BAG, pairs), name: 'independent' };
}

/** Cores, load and this process's CPU time: wall-clock times mean little without them. */
function machineLine(): string {
  const { user, system } = process.cpuUsage();
  return `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), 1-minute load average ${loadavg()[0].toFixed(1)} at the end; ` +
    `CPU time of this process ${((user + system) / 1e6).toFixed(0)} s (user ${(user / 1e6).toFixed(0)} s)`;
}

function complete(dataDir: string): boolean {
  return ['layer1.json', 'layer2.json', 'det_ingrs.json'].every((f) => existsSync(join(dataDir, f)));
}

/** `argv`: extra option overrides for the training run (e.g. `--engine.nb_epochs 2`). */
export async function runDemo(argv: readonly string[], say: (line: string) => void = (l) => console.log(l)): Promise<DemoResult> {
  const t0 = performance.now();
  const timings: [string, number][] = [];
  const stage = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
    const s = performance.now();
    const out = await f();
    timings.push([name, (performance.now() - s) / 1000]);
    return out;
  };
  // Validate every option before any work (the data stage takes minutes).
  const trainArgs = ['-o', DEMO_OPTIONS, '--exp.overwrite', 'true', ...argv];
  const planned = loadOptions(trainArgs).options;
  const prepared = planned.dataset.dir;
  say(`[1/4] data: recipe1m-mini (small) in ${DEMO_DATA}, prepared into ${prepared}`);
  if (complete(DEMO_DATA)) {
    say(`  ${DEMO_DATA} exists: reused`);
  } else {
    await stage('generate recipe1m-mini (small)', async () => {
      const bar = new ProgressBar('  generate', MINI_SIZES.small, { rateUnit: 'recipes' });
      const g = await generateCookbook({
        out: DEMO_DATA,
        size: 'small',
        seed: DEMO_SEED,
        onProgress: (done) => bar.update(done),
      });
      bar.end();
      say(`  generated ${g.recipes} recipes, ${g.images} images in ${g.seconds.toFixed(0)} s`);
    });
  }
  await stage('prepare (features, vocabulary, LMDB stores)', async () => {
    const p = await prepareRecipe1M({ recipe1m: DEMO_DATA, out: prepared });
    say(p.upToDate ? `  ${prepared} is up to date: reused` : `  prepared in ${p.seconds.toFixed(0)} s (because ${p.reasons.join('; ')})`);
  });
  const manifest = readManifest(prepared);

  say(`[2/4] train: ${DEMO_OPTIONS} into ${planned.exp.dir} (${planned.engine.nb_epochs} epoch(s); learning curves in ${planned.exp.dir}/view.html)`);
  const trained = await stage('train (with validation every epoch)', () => trainExperiment(trainArgs, { echo: say }));
  if (trained.outcome === 'interrupted') throw new Error(`training was interrupted; continue with: recipe1m train -o ${planned.exp.dir}/options.yaml --exp.resume last`);

  const protocol = demoProtocol(manifest.splits.test.pairs);
  const bestKey = DEFAULT_SAVING_CRITERIA[0].split(':')[0];
  const tag = `best_${bestKey}`;
  say(`[3/4] test: ckpt_${tag} on ${manifest.splits.test.pairs} test pairs, ${protocol.nbBags} ${protocol.name} bags of ${protocol.perBag}`);
  const evaluated = await stage('evaluate on test', () =>
    evaluateExperiment(
      [
        '-o', join(planned.exp.dir, 'options.yaml'),
        '--exp.resume', tag,
        '--dataset.train_split',
        '--dataset.eval_split', 'test',
        '--misc.logs_name', 'test',
        '--model.metric.nb_bags', String(protocol.nbBags),
        '--model.metric.nb_matchs_per_bag', String(protocol.perBag),
        '--model.metric.protocol', protocol.name,
      ],
      { echo: say },
    ),
  );

  const expDir = planned.exp.dir;
  const report = join(expDir, 'REPORT.md');
  const best = trained.state.best[bestKey];
  const files = [
    `${report}: this report`,
    `${join(expDir, 'view.html')}: learning curves (open in a browser, works offline)`,
    `${join(expDir, 'logs.json')} / logs.txt: every logged series / everything printed during training`,
    `${evaluated.logs.json}: the test evaluation`,
    `${join(expDir, 'options.yaml')}: the resolved options (re-run or evaluate with -o)`,
    `${join(expDir, `ckpt_${tag}_model.bin`)} (and ckpt_last_*, ckpt_best_*): checkpoints`,
    `${prepared}: the prepared data (manifest.json, vocab.json, <split>.lmdb), reused by the next run`,
  ];
  const seconds = (performance.now() - t0) / 1000;
  writeFileAtomic(
    report,
    demoReportMarkdown({
      dataDir: DEMO_DATA,
      preparedDir: prepared,
      expDir,
      optionsFile: DEMO_OPTIONS,
      backend: backendInfo(),
      pairs: { train: manifest.splits.train.pairs, val: manifest.splits.val.pairs, test: manifest.splits.test.pairs },
      epochs: trained.state.epoch,
      checkpoint: `ckpt_${tag} (after ${evaluated.epoch + 1} epochs)`,
      bestValR1: best ? best.value : null,
      protocol,
      metrics: evaluated.metrics,
      timings,
      machine: machineLine(),
      files,
    }),
  );
  say(`[4/4] done in ${formatDuration(seconds)}. Where everything went:`);
  for (const f of files) say(`  ${f}`);
  return { report, expDir, metrics: evaluated.metrics, seconds };
}
