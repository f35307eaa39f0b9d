/**
 * Data-parallel training and evaluation on N replicas, one per worker
 * thread, each with its own TensorFlow.js backend (the one the main thread
 * chose, with the same kernels) and its own copy of the model. A batch is
 * split by rows; the embeddings are gathered in shared memory, so the loss,
 * which spans the whole batch (every triplet may pair any two rows), is
 * that of the single-process step; the parameter gradients are summed in
 * shared memory and one optimizer step (global-norm clipping, the
 * non-finite check before any update, the engine's Adam or SGD with its
 * arithmetic, the update size measured) is applied once, each replica
 * updating the range of parameters it owns (replica.ts says how a step runs).
 *
 * The main thread only hands out batches and waits: its own model and
 * optimizer are the engine's, brought up to the replicas' by `syncToMain()`
 * before a checkpoint is written, and written into the shared state before
 * the replicas' first step. A main variable assigned in between (by a hook,
 * say) is written into the shared state before the next step, so it takes
 * effect as it does in one process. Checkpoints are therefore those of a
 * single-process run, and a run may resume with any number of workers.
 *
 * Workers start once (`start()`, or on first use), not per step. A worker
 * that fails or exits stops the step with a ReplicaFailedError naming it;
 * the others are released from their barriers and every worker is ended;
 * the main model keeps its last synced state.
 */
import * as tf from '@tensorflow/tfjs';
import type { Worker } from 'node:worker_threads';
import { float32Values } from '../../backend/index.js';
import { pairBatchRows, type PairBatch } from '../../data/batch.js';
import type { Criterion, CriterionOptions } from '../../losses/index.js';
import type { AdaMine } from '../../model/index.js';
import { checkpointVariables } from '../named_variables.js';
import { NonFiniteLossError, type ForwardResult, type StepResult } from '../train_step.js';
import { abortBarrier } from './barrier.js';
import { balancedShares, rowCosts } from './batch_rows.js';
import { flatLayout, type FlatLayout } from './layout.js';
import type { AboveCounts, RowCounters, SharedBag } from '../../metrics/index.js';
import type { ForwardReply, ReplicaRequest, ReplicaSpec, ReplicaStats, TrainReply } from './replica.js';
import { WorkerPool } from './worker_pool.js';
import { readOptimizerState, sharedRule, writeOptimizerState } from './main_optimizer.js';
import { SharedState, VERSION, allocateEmbeddings, allocateShared, tensorFromShared, type EmbeddingBuffers } from './shared_memory.js';

export { ReplicaFailedError } from './worker_pool.js';

/** What the engine calls instead of its single-process step when it trains on replicas. */
export interface ReplicaSteps {
  readonly replicas: number;
  trainStep(batch: PairBatch, variables: readonly tf.Variable[], clipNorm: number | null): Promise<StepResult>;
  forwardStep(batch: PairBatch): Promise<ForwardResult>;
  /** Brings the main thread's model and optimizer up to the replicas' (before a checkpoint is written). */
  syncToMain(): void;
}

export interface DataParallelParts {
  replicas: number;
  /** The main thread's model, loss and optimizer: the engine's (no optimizer: replicas that only evaluate). */
  model: AdaMine;
  criterion: Criterion;
  criterionOptions: CriterionOptions;
  optimizer: tf.Optimizer | null;
  seed: number;
}

export class DataParallel implements ReplicaSteps, RowCounters {
  readonly replicas: number;
  /** The workers; replica k runs in pool.threads[k]. */
  readonly pool: WorkerPool;
  private readonly layout: FlatLayout;
  private readonly state: SharedState;
  private readonly mainVariables: Map<string, tf.Variable>;
  private readonly names = new Map<tf.Variable, string>();
  private embeddings: EmbeddingBuffers;
  /** The shared parameters (and optimizer state) lag the main thread's: write them before the next step. */
  private paramsBehind = true;
  private optimizerBehind = true;
  /** The main thread's model lags the shared state (steps since the last sync). */
  private mainBehind = false;
  private lastTrained: string[] = [];
  /** Each main variable's buffer when the shared state last matched it: an assign since (by a hook, say) gives it a new one. */
  private readonly seenBuffers = new Map<string, object>();
  /** Each replica's phase times (ms) of the last training step. */
  lastPhases: Record<string, number>[] = [];

  constructor(private readonly parts: DataParallelParts) {
    if (!Number.isInteger(parts.replicas) || parts.replicas < 2) throw new Error(`DataParallel: replicas must be an integer >= 2, got ${parts.replicas}`);
    const rule = parts.optimizer ? sharedRule(parts.optimizer) : null;
    this.replicas = parts.replicas;
    this.mainVariables = checkpointVariables(parts.model.namedVariables(), parts.criterion.namedVariables);
    for (const [name, v] of this.mainVariables) this.names.set(v, name);
    this.layout = flatLayout(this.mainVariables);
    this.state = new SharedState(allocateShared(this.layout.total, this.layout.slots.length, this.replicas, rule));
    this.embeddings = allocateEmbeddings(1, parts.model.options.embedding_dim);
    const spec: ReplicaSpec = {
      network: parts.model.options,
      dims: parts.model.dims,
      seed: parts.seed,
      criterion: parts.criterionOptions,
      rule,
    };
    this.pool = new WorkerPool(this.replicas, { spec, shared: this.state.buffers }, () => abortBarrier(this.state.control));
  }

  get threads(): Worker[] {
    return this.pool.threads;
  }

  get countingThreads(): number {
    return this.replicas;
  }

  prepareRows(bag: SharedBag, ranges: readonly [number, number][]): Promise<void> {
    return this.pool.prepareRows(bag, ranges);
  }

  countRows(bag: SharedBag, ranges: readonly [number, number][], blockRows: number): Promise<AboveCounts[]> {
    return this.pool.countRows(bag, ranges, blockRows);
  }

  /** Starts the workers (once; later calls wait for the same start). */
  start(): Promise<void> {
    return this.pool.start();
  }

  private request(build: (rank: number) => ReplicaRequest): Promise<unknown[]> {
    return this.pool.request(build);
  }

  private embeddingBuffers(rows: number): EmbeddingBuffers {
    if (this.embeddings.rows < rows) this.embeddings = allocateEmbeddings(rows, this.embeddings.dim);
    return this.embeddings;
  }

  private shareOf(batch: PairBatch): (rank: number) => { batch: PairBatch; row0: number; rows: number; classes: Int32Array; embeddings: EmbeddingBuffers } {
    const shares = balancedShares(rowCosts(batch, this.parts.model.options, this.parts.model.dims.featureDim), this.replicas);
    const embeddings = this.embeddingBuffers(batch.size);
    return (rank) => ({ batch: pairBatchRows(batch, shares[rank][0], shares[rank][1]), row0: shares[rank][0], rows: batch.size, classes: batch.classes, embeddings });
  }

  async trainStep(batch: PairBatch, variables: readonly tf.Variable[], clipNorm: number | null): Promise<StepResult> {
    if (!this.parts.optimizer) throw new Error('DataParallel.trainStep: these replicas were started for evaluation, without an optimizer');
    const trained = variables.map((v) => {
      const name = this.names.get(v);
      if (name === undefined) throw new Error(`DataParallel.trainStep: variable ${v.name} is not one of the model's or the loss's`);
      return name;
    });
    this.pushMain(trained);
    const part = this.shareOf(batch);
    const replies = (await this.request((rank) => ({ kind: 'train', ...part(rank), trained, clipNorm }))) as TrainReply[];
    const first = replies[0];
    this.lastPhases = replies.map((r) => r.phases);
    if (first.nonFinite) throw new NonFiniteLossError(first.nonFinite.what, first.nonFinite.value);
    this.mainBehind = true;
    this.lastTrained = trained;
    return { loss: first.loss, terms: first.terms ?? [], gradNorm: first.gradNorm, updateNorm: first.updateNorm, updateRatio: first.updateNorm / first.paramNorm };
  }

  async forwardStep(batch: PairBatch): Promise<ForwardResult> {
    this.pushMain(null);
    const part = this.shareOf(batch);
    const replies = (await this.request((rank) => ({ kind: 'forward', ...part(rank) }))) as ForwardReply[];
    const { dim } = this.embeddings;
    const n = batch.size * dim;
    return {
      loss: replies[0].loss,
      terms: replies[0].terms ?? [],
      images: new Float32Array(this.embeddings.images, 0, n).slice(),
      recipes: new Float32Array(this.embeddings.recipes, 0, n).slice(),
      dim,
    };
  }

  /** Each replica's live tensors and heaps. */
  async stats(): Promise<ReplicaStats[]> {
    return (await this.request(() => ({ kind: 'stats' }))) as ReplicaStats[];
  }

  /**
   * Writes into the shared state what the main thread holds ahead of it: every parameter before the first
   * step, a variable assigned since (a hook's change), and with `trained` the optimizer's state once.
   */
  private pushMain(trained: string[] | null): void {
    const withOptimizer = trained !== null && this.optimizerBehind;
    const assigned = this.paramsBehind ? this.layout.slots : this.layout.slots.filter((slot) => this.mainVariable(slot.name).dataId !== this.seenBuffers.get(slot.name));
    if (assigned.length === 0 && !withOptimizer) return;
    const s = this.state;
    for (const slot of assigned) {
      const v = this.mainVariable(slot.name);
      s.params[s.current].set(float32Values(v), slot.offset);
      this.seenBuffers.set(slot.name, v.dataId);
    }
    this.paramsBehind = false;
    if (withOptimizer && this.parts.optimizer) {
      writeOptimizerState(this.parts.optimizer, trained, this.layout, s);
      this.optimizerBehind = false;
    }
    Atomics.add(s.control, VERSION, 1);
  }

  private mainVariable(name: string): tf.Variable {
    return this.mainVariables.get(name) as tf.Variable;
  }

  syncToMain(): void {
    if (!this.mainBehind) return;
    const s = this.state;
    for (const slot of this.layout.slots) {
      const v = this.mainVariable(slot.name);
      tf.tidy(() => v.assign(tensorFromShared(s.params[s.current].subarray(slot.offset, slot.offset + slot.size), slot.shape)));
      this.seenBuffers.set(slot.name, v.dataId);
    }
    if (this.parts.optimizer) readOptimizerState(this.parts.optimizer, this.lastTrained, this.mainVariables, this.layout, s);
    this.mainBehind = false;
  }

  /** Ends the workers (the main model is not synced here: call syncToMain first to keep the replicas' state). */
  dispose(): Promise<void> {
    return this.pool.dispose();
  }
}
