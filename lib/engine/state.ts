/**
 * Where training stands: the epoch and batch reached, the running sums of
 * the epoch in progress and the best value of each saving criterion. The
 * engine advances it; a checkpoint's engine file holds it
 * (lib/experiment/checkpoint.ts), so a resumed run continues from it.
 */

/** Running sums of the epoch being trained, so an epoch interrupted and resumed reports the same averages. */
export interface EpochAccumulator {
  batches: number;
  pairs: number;
  seconds: number;
  sums: Record<string, number>;
}

export interface EngineState {
  /** The epoch (0-based) training is in, or will start next. */
  epoch: number;
  /** Batches of `epoch` already trained (non-zero after an interruption). */
  batchInEpoch: number;
  /** Accumulated statistics of the batches of `epoch` already trained. */
  partial: EpochAccumulator | null;
  /** Best value and epoch of each saving criterion so far. */
  best: Record<string, { value: number; epoch: number }>;
  seed: number;
  optionsHash: string;
  /** Ties the model/optimizer/engine files of one save together. */
  token: string;
  savedAt: string;
  /** Length of each series of logs.json at this checkpoint; a resume truncates the logs to it. Absent in checkpoints of older versions. */
  logLengths?: Record<string, number>;
  /** ckpt_last only: the files staged by its save (lib/experiment/commit.ts). */
  commit?: string[];
}

export function freshState(seed: number, optionsHash: string): EngineState {
  return { epoch: 0, batchInEpoch: 0, partial: null, best: {}, seed, optionsHash, token: '', savedAt: '' };
}
