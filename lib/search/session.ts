/**
 * What `search` and `serve` open: the experiment's trained model (through
 * the engine's restoreExperiment), the searched split's store, and its
 * extracted embeddings, extracted first when missing or older than the
 * checkpoint.
 */
import { statSync } from 'node:fs';
import { createBackbone, type ImageBackbone, type RecipeStore } from '../data/index.js';
import { SPLITS, type Split } from '../data/types.js';
import { checkpointFiles } from '../engine/checkpoint.js';
import { extractExperiment, restoreExperiment } from '../engine/experiment.js';
import { loadOptions } from '../engine/options_schema.js';
import { readEmbeddings, type LoadedEmbeddings } from './embeddings_io.js';
import { ModelQueryEncoder } from './model_encoder.js';
import { Retriever } from './retriever.js';
import { StoreCatalog } from './store_catalog.js';

export interface SearchSession {
  retriever: Retriever;
  /** The Recipe1M folder the store was prepared from: hits' image paths are relative to it. */
  datasetRoot: string;
  close(): void;
}

export function parseSplit(raw: string | undefined): Split {
  if (raw === undefined) return 'test';
  if (!(SPLITS as readonly string[]).includes(raw)) throw new Error(`--split must be one of ${SPLITS.join(', ')}, got '${raw}'`);
  return raw as Split;
}

/** Splits `-o FILE` (or --options) from the experiment's other arguments. */
function optionsFileOf(argv: readonly string[]): { file: string; rest: string[] } {
  const at = argv.findIndex((a) => a === '-o' || a === '--options' || a === '--path_opts');
  const file = at >= 0 ? argv[at + 1] : undefined;
  if (file === undefined || file.startsWith('--')) throw new Error('no option file: give the experiment as -o <exp>/options.yaml');
  return { file, rest: [...argv.slice(0, at), ...argv.slice(at + 2)] };
}

/** Why the split's embeddings must be (re-)extracted for checkpoint `tag`, or null when they are current. */
async function staleReason(dir: string, split: Split, tag: string): Promise<string | null> {
  let e: LoadedEmbeddings;
  try {
    e = await readEmbeddings(dir, split);
  } catch (err) {
    return (err as Error).message;
  }
  if (e.checkpoint !== `ckpt_${tag}`) return `they come from ${e.checkpoint}, not ckpt_${tag}`;
  const saved = statSync(checkpointFiles(dir, tag).model).mtimeMs;
  if (saved > Date.parse(e.createdAt)) return `ckpt_${tag} was saved after they were extracted`;
  return null;
}

/**
 * Opens an experiment for searching `split`. `engineArgv` is what the
 * command line holds besides the search flags: `-o FILE` and overrides
 * such as `--exp.resume best_...`.
 */
export async function openSearchSession(engineArgv: readonly string[], split: Split, log: (line: string) => void): Promise<SearchSession> {
  const { file, rest } = optionsFileOf(engineArgv);
  // Only the searched split is opened; the training store is not needed.
  const argv = [...rest, '--dataset.train_split=', `--dataset.eval_split=${split}`];
  let restored = await restoreExperiment(file, argv);
  const dir = restored.options.exp.dir;
  const tag = restored.checkpoint.tag;
  const why = await staleReason(dir, split, tag);
  if (why !== null) {
    // Extraction opens the store and the model itself: release ours first.
    restored.dispose();
    log(`extracting the ${split} embeddings of ckpt_${tag} first (${why})`);
    await extractExperiment(loadOptions(['-o', file, ...argv, `--exp.resume=${tag}`]), { echo: log, handleSignals: false });
    restored = await restoreExperiment(file, [...argv, `--exp.resume=${tag}`]);
  }
  const opened = restored;
  let backbone: Promise<ImageBackbone> | undefined;
  try {
    const embeddings = await readEmbeddings(dir, split);
    const { manifest, vocab, options } = opened;
    const catalog = new StoreCatalog(opened.stores.eval as RecipeStore, embeddings.recipeIds, vocab, manifest);
    const limits = { maxIngredients: options.dataset.max_ingredients, maxSentences: options.dataset.max_sentences, maxWords: options.dataset.max_words };
    const encoder = new ModelQueryEncoder(opened.model, limits, manifest.sentenceDim, manifest.backbone.inputSize, () => (backbone ??= createBackbone(manifest.backbone.name)));
    return {
      retriever: new Retriever(embeddings, encoder, catalog),
      datasetRoot: manifest.source,
      close() {
        void backbone?.then((b) => b.dispose());
        opened.dispose();
      },
    };
  } catch (err) {
    opened.dispose();
    throw err;
  }
}
