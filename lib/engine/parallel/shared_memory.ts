/**
 * The memory the replicas of data-parallel training share (SharedArrayBuffers):
 *
 * - `control` (Int32): the barrier's words, which of the two generations of
 *   parameters and moments is current, a parameter version (bumped by every
 *   update and every write from the main thread), the optimizer's step
 *   count, and per replica and variable whether that replica has a
 *   gradient for it;
 * - `numbers` (Float64): the step's loss, Adam's running products β1^t and
 *   β2^t (float32 values), and each replica's partial sums of squares (of
 *   the gradient, of the update, of the parameters before it);
 * - `grads`: one flat gradient vector per replica (its contribution; the
 *   owners of the ranges sum them in place into replica 0's);
 * - `params`, `firstMoments` (Adam's m, or SGD's momentum accumulation),
 *   `secondMoments` (Adam's v; none for SGD): two generations each (an
 *   update reads one and writes the other, so no range is read and written
 *   at once): the optimizer state lives here once, not in every replica.
 *
 * The embeddings of a batch travel in `EmbeddingBuffers`, sized per batch.
 */
import * as tf from '@tensorflow/tfjs';
import { BARRIER_WORDS } from './barrier.js';
import type { SharedRule } from './shared_optimizer.js';

export const CURRENT = BARRIER_WORDS;
export const VERSION = BARRIER_WORDS + 1;
export const ITERATIONS = BARRIER_WORDS + 2;
const PRESENCE = BARRIER_WORDS + 3;

export const LOSS = 0;
export const ACC_BETA1 = 1;
export const ACC_BETA2 = 2;
const PARTIALS = 3;
/** Partial sums per replica: squared gradient, squared update, squared parameters before the update. */
const SUMS = 3;

export interface SharedBuffers {
  replicas: number;
  slots: number;
  total: number;
  control: SharedArrayBuffer;
  numbers: SharedArrayBuffer;
  grads: SharedArrayBuffer[];
  params: SharedArrayBuffer[];
  firstMoments: SharedArrayBuffer[];
  secondMoments: SharedArrayBuffer[];
}

/** `rule` null: replicas that only evaluate, with no optimizer state. */
export function allocateShared(total: number, slots: number, replicas: number, rule: SharedRule | null): SharedBuffers {
  const floats = (): SharedArrayBuffer => new SharedArrayBuffer(Math.max(1, total) * 4);
  const buffers: SharedBuffers = {
    replicas,
    slots,
    total,
    control: new SharedArrayBuffer((PRESENCE + replicas * slots) * 4),
    numbers: new SharedArrayBuffer((PARTIALS + SUMS * replicas) * 8),
    grads: Array.from({ length: replicas }, floats),
    params: [floats(), floats()],
    firstMoments: rule ? [floats(), floats()] : [],
    secondMoments: rule?.kind === 'adam' ? [floats(), floats()] : [],
  };
  if (rule?.kind === 'adam') {
    const numbers = new Float64Array(buffers.numbers);
    numbers[ACC_BETA1] = Math.fround(rule.beta1);
    numbers[ACC_BETA2] = Math.fround(rule.beta2);
  }
  return buffers;
}

/** Typed views of SharedBuffers. */
export class SharedState {
  readonly control: Int32Array;
  readonly numbers: Float64Array;
  readonly grads: Float32Array[];
  readonly params: Float32Array[];
  readonly firstMoments: Float32Array[];
  readonly secondMoments: Float32Array[];

  constructor(readonly buffers: SharedBuffers) {
    const floats = (b: SharedArrayBuffer) => new Float32Array(b, 0, buffers.total);
    this.control = new Int32Array(buffers.control);
    this.numbers = new Float64Array(buffers.numbers);
    this.grads = buffers.grads.map(floats);
    this.params = buffers.params.map(floats);
    this.firstMoments = buffers.firstMoments.map(floats);
    this.secondMoments = buffers.secondMoments.map(floats);
  }

  get current(): number {
    return Atomics.load(this.control, CURRENT);
  }

  get version(): number {
    return Atomics.load(this.control, VERSION);
  }

  setPresent(rank: number, slot: number, present: boolean): void {
    Atomics.store(this.control, PRESENCE + rank * this.buffers.slots + slot, present ? 1 : 0);
  }

  /** Whether any replica has a gradient for `slot` this step. */
  anyPresent(slot: number): boolean {
    for (let k = 0; k < this.buffers.replicas; k++) if (Atomics.load(this.control, PRESENCE + k * this.buffers.slots + slot) !== 0) return true;
    return false;
  }

  setGradSquares(rank: number, sumOfSquares: number): void {
    this.numbers[PARTIALS + SUMS * rank] = sumOfSquares;
  }

  setUpdateSquares(rank: number, update: number, params: number): void {
    this.numbers[PARTIALS + SUMS * rank + 1] = update;
    this.numbers[PARTIALS + SUMS * rank + 2] = params;
  }

  /** The square root of one partial summed over replicas in rank order (the same number in every replica). */
  private norm(which: number): number {
    let s = 0;
    for (let k = 0; k < this.buffers.replicas; k++) s += this.numbers[PARTIALS + SUMS * k + which];
    return Math.sqrt(s);
  }

  /** The global gradient norm, from every replica's partial. */
  gradNorm(): number {
    return this.norm(0);
  }

  /** ||θ_after − θ_before|| and ||θ_before|| of the last update, from every replica's partials. */
  updateNorms(): { update: number; params: number } {
    return { update: this.norm(1), params: this.norm(2) };
  }
}

/** [rows, dim] image and recipe embeddings of one batch, written by the replicas, row ranges each. */
export interface EmbeddingBuffers {
  rows: number;
  dim: number;
  images: SharedArrayBuffer;
  recipes: SharedArrayBuffer;
}

export function allocateEmbeddings(rows: number, dim: number): EmbeddingBuffers {
  return { rows, dim, images: new SharedArrayBuffer(rows * dim * 4), recipes: new SharedArrayBuffer(rows * dim * 4) };
}

/**
 * A tensor holding a copy of shared values. The wasm backend copies what it
 * is given onto its heap at once; others (cpu, node) may keep the array
 * itself, and with it memory other threads write, so they get a private copy.
 */
export function tensorFromShared(values: Float32Array, shape: number[]): tf.Tensor {
  return tf.tensor(tf.getBackend() === 'wasm' ? values : values.slice(), shape, 'float32');
}
