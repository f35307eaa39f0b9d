/**
 * BatchSources over a prepared split: the training one draws the
 * class-balanced batches of docs/method.md §6 (lib/data/samplers.ts) from Random(seed + epoch) and a random image per
 * recipe seeded by (seed, epoch, batch); the evaluation one reads the whole
 * split in seeded shuffled batches with a fixed image per recipe, the same
 * every epoch.
 */
import { evalBatches, imagePicker, makeBatch, trainBatches, type Limits, type RecipeStore } from '../data/index.js';
import { fillNote } from '../data/samplers.js';
import { Random } from '../util/random.js';
import type { BatchSource } from './parts.js';

/** A seed for (run seed, epoch, batch) that does not depend on which batches ran before. */
export function batchSeed(seed: number, epoch: number, batch: number): number {
  let h = Math.imul(seed ^ 0x85ebca6b, 0xc2b2ae35) >>> 0;
  h = Math.imul(h ^ (epoch + 0x27d4eb2f), 0x165667b1) >>> 0;
  h = Math.imul(h ^ (batch + 0x9e3779b9), 0x85ebca77) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function trainSource(store: RecipeStore, split: string, batchSize: number, seed: number, limits: Partial<Limits> = {}): BatchSource {
  return {
    split,
    size: store.size,
    batchSize,
    note: fillNote(store.classes, batchSize),
    plan: (epoch) => trainBatches(store.classes, batchSize, new Random(seed + epoch)),
    load: (indices, epoch, b) => makeBatch(store, Array.from(indices), imagePicker('random', batchSeed(seed, epoch, b)), limits),
  };
}

export function evalSource(store: RecipeStore, split: string, batchSize: number, seed: number, limits: Partial<Limits> = {}): BatchSource {
  const pick = imagePicker('fixed', seed);
  const plan = evalBatches(store.size, batchSize, seed);
  return {
    split,
    size: store.size,
    batchSize,
    plan: () => plan,
    load: (indices) => makeBatch(store, Array.from(indices), pick, limits),
  };
}
