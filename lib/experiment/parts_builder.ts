/**
 * Builds what a run needs from its options: the prepared stores of the
 * configured splits, the vocabulary and manifest, the model sized from
 * them, the loss and the metric. No module reads options on its own: each
 * gets its section here.
 */
import { readVocab, RecipeStore, type Manifest } from '../data/index.js';
import type { Split } from '../data/types.js';
import { buildCriterion, type Criterion } from '../losses/index.js';
import { backendInfo, nativeRankingKernels } from '../backend/index.js';
import { dotEngineFor, retrievalMetrics, sampleBags, DEFAULT_BAG_SEEDS } from '../metrics/index.js';
import { AdaMine } from '../model/index.js';
import type { Evaluate } from '../engine/engine.js';
import type { Options } from '../engine/options_schema.js';

export interface RunParts {
  options: Options;
  stores: { train: RecipeStore | null; eval: RecipeStore | null };
  manifest: Manifest;
  /** Token id → word (id 0 is padding). */
  vocab: string[];
  model: AdaMine;
  criterion: Criterion;
  evaluate: Evaluate;
  dispose(): void;
}

function openStore(dir: string, split: Split | null, option: string): RecipeStore | null {
  if (split === null) return null;
  try {
    return RecipeStore.open(dir, split);
  } catch (err) {
    throw new Error(`${option} = ${split}: cannot open the prepared split in dataset.dir ${dir}: ${(err as Error).message}`);
  }
}

/** Fails early (before training) when the eval split cannot hold the configured bags. */
export function checkBags(options: Options, evalSize: number): void {
  const m = options.model.metric;
  try {
    sampleBags(evalSize, { nbBags: m.nb_bags, perBag: m.nb_matchs_per_bag, protocol: m.protocol, seed: m.seed ?? DEFAULT_BAG_SEEDS[m.protocol] });
  } catch (err) {
    throw new Error(`model.metric on dataset.eval_split ${options.dataset.eval_split} (${evalSize} pairs): ${(err as Error).message}`);
  }
}

export function buildParts(options: Options, splits: { train: Split | null; eval: Split | null }, seed: number): RunParts {
  const dir = options.dataset.dir;
  const train = openStore(dir, splits.train, 'dataset.train_split');
  const evalStore = openStore(dir, splits.eval, 'dataset.eval_split');
  const first = train ?? evalStore;
  if (!first) throw new Error('dataset.train_split and dataset.eval_split are both empty: nothing to read');
  const manifest = first.manifest;
  const vocab = readVocab(dir);
  const criterion = buildCriterion(options.model.criterion);
  const model = new AdaMine(
    options.model.network,
    {
      vocabSize: vocab.length,
      nClasses: manifest.classNames.length,
      featureDim: manifest.featureDim,
      sentenceDim: manifest.sentenceDim,
      semanticHead: criterion.needsSemanticHead,
    },
    seed,
  );
  const metric = options.model.metric;
  return {
    options,
    stores: { train, eval: evalStore },
    manifest,
    vocab,
    model,
    criterion,
    evaluate: (e) => retrievalMetrics(e, { ...metric, dot: dotEngineFor(backendInfo().name, nativeRankingKernels()) }).values,
    dispose() {
      model.dispose();
      criterion.dispose();
      train?.close();
      evalStore?.close();
    },
  };
}
