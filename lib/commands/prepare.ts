/**
 * `recipe1m prepare --recipe1m DIR --out DIR [...]`: Recipe1M layout in,
 * LMDB stores per split, vocab.json and manifest.json out (lib/data/prepare).
 */
import { commandFlags } from './flags.js';
import { prepareRecipe1M } from '../data/prepare.js';

const USAGE = `usage: recipe1m prepare --recipe1m DIR --out DIR [options]
  --recipe1m DIR        Recipe1M folder: layer1.json, layer2.json, det_ingrs.json (optional), images/ (alias: --root)
  --out DIR             prepared folder to write (<split>.lmdb, vocab.json, manifest.json)
  --backbone NAME       mini-v1 (default) | tfjs-model:<dir>[?layer=NAME&normalize=unit|imagenet|symmetric|caffe&size=N] | <dir with model.json>
  --min-count N         keep training words seen at least N times (default: 1 per 50,000 training tokens, from 1 to 10; 10 on Recipe1M)
  --classes FILE        classes.json {recipeId: classIndex} instead of the title rule
  --features FILE       precomputed features: raw little-endian float32 matrix [nIds, D] ...
  --feature-ids FILE    ... and its row image ids, one per line
  --sentence-dim N      store fixed N-d sentence vectors (a stand-in for skip-thought; default 0: none)
  --max-ingredients N   default 20
  --max-sentences N     default 20
  --max-words N         default 20
  --batch-size N        images per backbone batch (default 64)
  --force               redo the work even when the manifest matches the inputs (by content: sizes and hashes, backbone, options)
  --quiet               no progress bar`;

function int(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got '${v}'`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  const values = commandFlags(argv, {
    recipe1m: { type: 'string' }, root: { type: 'string' }, out: { type: 'string' }, backbone: { type: 'string' },
    'min-count': { type: 'string' }, classes: { type: 'string' }, features: { type: 'string' }, 'feature-ids': { type: 'string' },
    'sentence-dim': { type: 'string' }, 'max-ingredients': { type: 'string' }, 'max-sentences': { type: 'string' },
    'max-words': { type: 'string' }, 'batch-size': { type: 'string' }, force: { type: 'boolean' }, quiet: { type: 'boolean' },
  }, USAGE);
  if (values === null) return 0;
  const recipe1m = values.recipe1m ?? values.root;
  if (!recipe1m || !values.out) throw new Error(`--recipe1m and --out are required\n${USAGE}`);
  const r = await prepareRecipe1M({
    recipe1m,
    out: values.out,
    backbone: values.backbone,
    minCount: int('min-count', values['min-count'], 1),
    classes: values.classes,
    features: values.features,
    featureIds: values['feature-ids'],
    sentenceDim: int('sentence-dim', values['sentence-dim'], 0),
    limits: {
      maxIngredients: int('max-ingredients', values['max-ingredients'], 1),
      maxSentences: int('max-sentences', values['max-sentences'], 1),
      maxWords: int('max-words', values['max-words'], 1),
    },
    batchSize: int('batch-size', values['batch-size'], 1),
    force: values.force,
    progress: !values.quiet,
  });
  if (values.quiet && !r.upToDate) console.log(`prepare: ${values.out} written in ${r.seconds.toFixed(1)} s`);
  return 0;
}
