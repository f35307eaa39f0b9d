/**
 * What `search` and `serve` open: the experiment's trained model (restored
 * once, through the engine's restoreExperiment), the stores of the searched
 * splits, and their extracted embeddings. A split whose embeddings are
 * missing, cover only its pairs, or come from another checkpoint save,
 * store or options is extracted first, with the model already restored.
 */
import { createBackbone, DEFAULT_LIMITS, RecipeStore, type ImageBackbone } from '../data/index.js';
import { SPLITS, type Split } from '../data/types.js';
import { extractSplit, restoreExperiment, type RestoredExperiment } from '../experiment/experiment.js';
import { batchLimits, embeddingsSource, sourceMismatch } from '../experiment/extraction.js';
import { readEmbeddings, readEmbeddingsIndex, type ExtractedEmbeddings } from '../experiment/embeddings_io.js';
import { parseOptionArgs } from '../options/index.js';
import { ModelQueryEncoder } from './model_encoder.js';
import { Retriever } from './retriever.js';
import { StoreCatalog } from './store_catalog.js';

export interface SearchSession {
  retriever: Retriever;
  /** The Recipe1M folder the store was prepared from: hits' image paths are relative to it. */
  datasetRoot: string;
  close(): void;
}

/** A split to search, or every split. */
export type SearchSplit = Split | 'all';

/** Why the split's embeddings must be (re-)extracted for the restored checkpoint, or null when they are current. */
async function staleReason(restored: RestoredExperiment, store: RecipeStore): Promise<string | null> {
  const { options, checkpoint, manifest } = restored;
  let index;
  try {
    index = await readEmbeddingsIndex(options.exp.dir, store.split);
  } catch (err) {
    return (err as Error).message;
  }
  if (index.covers !== 'split') return 'they hold only the pairs an evaluation ranked, not every recipe and photo';
  const mismatch = sourceMismatch(index.source, embeddingsSource(options, checkpoint.state, manifest));
  if (mismatch !== null) return `${mismatch} (they come from ${index.checkpoint}, the model is ckpt_${checkpoint.tag})`;
  if (index.recipeCount !== store.recipeCount || index.imageCount !== store.images) {
    return `they hold ${index.recipeCount} recipes and ${index.imageCount} photos, the store ${store.recipeCount} and ${store.images}`;
  }
  return null;
}

/**
 * Opens an experiment for searching `split` ('all': every split).
 * `engineArgv` is what the command line holds besides the search flags:
 * `-o FILE` and overrides such as `--exp.resume best_...`.
 */
export async function openSearchSession(engineArgv: readonly string[], split: SearchSplit, log: (line: string) => void): Promise<SearchSession> {
  const file = parseOptionArgs(engineArgv).optionsFile;
  if (file === null) throw new Error('no option file: give the experiment as -o <exp>/options.yaml');
  const splits: Split[] = split === 'all' ? [...SPLITS] : [split];
  // The model is restored once, with the first searched split's store; the training store is not needed.
  // engineArgv still holds its `-o FILE`: the same file again, which the option parser reads as one.
  const restored = await restoreExperiment(file, [...engineArgv, '--dataset.train_split=', `--dataset.eval_split=${splits[0]}`]);
  const opened: RecipeStore[] = [];
  let backbone: Promise<ImageBackbone> | undefined;
  try {
    const { manifest, vocab, options, checkpoint } = restored;
    const sets: Array<{ store: RecipeStore; embeddings: ExtractedEmbeddings }> = [];
    for (const s of splits) {
      let store = restored.stores.eval as RecipeStore;
      if (s !== store.split) {
        store = RecipeStore.open(options.dataset.dir, s);
        opened.push(store);
      }
      const why = await staleReason(restored, store);
      if (why !== null) {
        log(`extracting the ${s} embeddings of ckpt_${checkpoint.tag} first (${why})`);
        await extractSplit(restored, store, { echo: log, handleSignals: false });
      }
      sets.push({ store, embeddings: await readEmbeddings(options.exp.dir, s) });
    }
    const catalog = new StoreCatalog(sets.map(({ store, embeddings }) => ({ store, recipeIds: embeddings.all.recipeIds })), vocab, manifest);
    const limits = { ...DEFAULT_LIMITS, ...batchLimits(options) };
    const encoder = new ModelQueryEncoder(restored.model, limits, manifest.sentenceDim, manifest.backbone.inputSize, () => (backbone ??= createBackbone(manifest.backbone.name)));
    return {
      retriever: new Retriever(sets.map((x) => x.embeddings), encoder, catalog),
      datasetRoot: manifest.source,
      close() {
        void backbone?.then((b) => b.dispose());
        for (const s of opened) s.close();
        restored.dispose();
      },
    };
  } catch (err) {
    for (const s of opened) s.close();
    restored.dispose();
    throw err;
  }
}
