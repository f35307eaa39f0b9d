/**
 * A prepared store shaped like a small real collection that the
 * class-balanced sampler cannot fill: 78 training pairs, of which only 3 are
 * same-class pairs (classes 1-3 with two recipes each, classes 4-15 with one,
 * the other 60 background), plus the tiny cookbook's val and test splits.
 * Built from the tiny fixture's recipes (those its prepare kept, so none is
 * skipped here) with a classes.json, once per process.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareRecipe1M } from '../../lib/data/prepare.js';
import { RecipeStore } from '../../lib/data/store.js';
import { TINY_MIN_COUNT, preparedTinyStore, tinyRecipe1M } from '../data/fixtures.js';

export const SPARSE_TRAIN_PAIRS = 78;
export const SPARSE_SAME_CLASS_PAIRS = 3;

let built: Promise<string> | undefined;

/** The prepared folder of the sparse collection. */
export function sparseClassStore(): Promise<string> {
  built ??= build();
  return built;
}

async function build(): Promise<string> {
  const raw = await tinyRecipe1M();
  const store = RecipeStore.open(await preparedTinyStore(), 'train');
  const trainIds = Array.from({ length: SPARSE_TRAIN_PAIRS }, (_, i) => store.recipe(i).id);
  store.close();
  const keep = new Set(trainIds);
  const root = mkdtempSync(join(tmpdir(), 'sparse-classes-'));
  const src = join(root, 'raw');
  const filter = (file: string, isTrain: (r: { id: string; partition?: string }) => boolean) => {
    const records = JSON.parse(readFileSync(join(raw, file), 'utf8')) as { id: string; partition?: string }[];
    writeFileSync(join(src, file), JSON.stringify(records.filter(isTrain)));
  };
  mkdirSync(src);
  const partition = new Map((JSON.parse(readFileSync(join(raw, 'layer1.json'), 'utf8')) as { id: string; partition: string }[]).map((r) => [r.id, r.partition]));
  const kept = (r: { id: string }) => partition.get(r.id) !== 'train' || keep.has(r.id);
  for (const file of ['layer1.json', 'layer2.json', 'det_ingrs.json']) filter(file, kept);
  symlinkSync(join(raw, 'images'), join(src, 'images'));
  const classes: Record<string, number> = {};
  trainIds.forEach((id, i) => {
    classes[id] = i < 2 * SPARSE_SAME_CLASS_PAIRS ? 1 + (i >> 1) : i < 18 ? i - 2 : 0;
  });
  writeFileSync(join(root, 'classes.json'), JSON.stringify(classes));
  const out = join(root, 'prepared');
  await prepareRecipe1M({ recipe1m: src, out, minCount: TINY_MIN_COUNT, classes: join(root, 'classes.json'), progress: false });
  return out;
}
