/**
 * How epochs read wherever a person sees them (console, progress bars,
 * REPORT.md, `compare`, the axes of view.html): counted from 1, "epoch 7
 * of 10" being the seventh pass over the training split. The logs keep the
 * 0-based index (`train_epoch.epoch`, `eval_epoch.epoch`,
 * `train_batch.epoch` hold 0 for the first epoch), as do the engine's
 * state and errors' fields; only these labels add the 1.
 */

/** "epoch 7" or "epoch 7 of 10" for the 0-based index 6. */
export function epochLabel(index: number, total?: number): string {
  return `epoch ${index + 1}${total === undefined ? '' : ` of ${total}`}`;
}

/** "batch 4 of 6" for the 0-based index 3. */
export function batchLabel(index: number, total?: number): string {
  return `batch ${index + 1}${total === undefined ? '' : ` of ${total}`}`;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Where a checkpoint stands, from its state (`epoch`: epochs finished,
 * `batchInEpoch`: batches of the next one done): "after 7 epochs", "after
 * 7 epochs and 12 batches of epoch 8", "before any training".
 */
export function positionLabel(epoch: number, batchInEpoch: number): string {
  if (epoch === 0 && batchInEpoch === 0) return 'before any training';
  const done = `after ${count(epoch, 'epoch', 'epochs')}`;
  return batchInEpoch === 0 ? done : `${done} and ${count(batchInEpoch, 'batch', 'batches')} of ${epochLabel(epoch)}`;
}
