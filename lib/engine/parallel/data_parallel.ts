/**
 * Data-parallel training and evaluation on N replicas, one per worker
 * thread, each with its own TensorFlow.js backend (the one the main thread
 * chose, with the same kernels) and its own copy of the model. A batch is
 * split by rows; the embeddings are gathered in shared memory, so the loss,
 * which spans the whole batch (every triplet may pair any two rows), is
 * that of the single-process step; the parameter gradients are summed in
 * shared memory and one optimizer step (global-norm clipping, the
 * non-finite check before any update, Adam with FusedAdam's arithmetic) is
 * applied once, each replica updating the range of parameters it owns
 * (replica.ts says how a step runs).
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
import { float32Values } from '../../backend.js';
import type { EncodedBatch } from '../../data/types.js';
import type { CriterionOptions } from '../../losses/index.js';
import type { AdaMine } from '../../model/index.js';
import type { TrainingCriterion } from '../parts.js';
import { checkpointVariables } from '../restore_training.js';
import { NonFiniteLossError, type ForwardResult, type StepResult } from '../train_step.js';
import { abortBarrier } from './barrier.js';
import { balancedShares, batchRows, rowCosts } from './batch_rows.js';
import { flatLayout, type FlatLayout } from './layout.js';
import type { AboveCounts, RowCounters, SharedBag } from '../../metrics/index.js';
import type { ForwardReply, ReplicaRequest, ReplicaSpec, ReplicaStats, TrainReply } from './replica.js';
import { WorkerPool } from './worker_pool.js';
import { ACC_BETA1, ACC_BETA2, CURRENT, ITERATIONS, SharedState, VERSION, allocateEmbeddings, allocateShared, tensorFromShared, type EmbeddingBuffers } from './shared_memory.js';

export { ReplicaFailedError } from './worker_pool.js';

/** What the engine calls instead of its single-process step when it trains on replicas. */
export interface ReplicaSteps {
  readonly replicas: number;
  trainStep(batch: EncodedBatch, variables: readonly tf.Variable[], clipNorm: number | null): Promise<StepResult>;
  forwardStep(batch: EncodedBatch): Promise<ForwardResult>;
  /** Brings the main thread's model and optimizer up to the replicas' (before a checkpoint is written). */
  syncToMain(): void;
}

/** The AdamOptimizer state this module reads and writes (private or protected in tfjs's typings). */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  iterations_: number;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

export interface DataParallelParts {
  replicas: number;
  /** The main thread's model, loss and optimizer: the engine's. */
  model: AdaMine;
  criterion: TrainingCriterion;
  criterionOptions: CriterionOptions;
  optimizer: tf.Optimizer;
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
  private readonly adam: AdamInternals;
  private embeddings: EmbeddingBuffers;
  /** The shared parameters (and moments) lag the main thread's: write them before the next step. */
  private paramsBehind = true;
  private momentsBehind = true;
  /** The main thread's model lags the shared state (steps since the last sync). */
  private mainBehind = false;
  private lastTrained: string[] = [];
  /** Each main variable's buffer when the shared state last matched it: an assign since (by a hook, say) gives it a new one. */
  private readonly seenBuffers = new Map<string, object>();
  /** Each replica's phase times (ms) of the last training step. */
  lastPhases: Record<string, number>[] = [];

  constructor(private readonly parts: DataParallelParts) {
    if (!Number.isInteger(parts.replicas) || parts.replicas < 2) throw new Error(`DataParallel: replicas must be an integer >= 2, got ${parts.replicas}`);
    if (parts.optimizer.getClassName() !== 'Adam') {
      throw new Error(`engine.workers > 1 trains with Adam only (optimizer.name adam); the run's optimizer is ${parts.optimizer.getClassName()}`);
    }
    this.replicas = parts.replicas;
    this.adam = parts.optimizer as unknown as AdamInternals;
    this.mainVariables = checkpointVariables(parts.model.namedVariables(), parts.criterion.namedVariables);
    for (const [name, v] of this.mainVariables) this.names.set(v, name);
    this.layout = flatLayout(this.mainVariables);
    this.state = new SharedState(allocateShared(this.layout.total, this.layout.slots.length, this.replicas, this.adam.beta1, this.adam.beta2));
    this.embeddings = allocateEmbeddings(1, parts.model.options.embedding_dim);
    const spec: ReplicaSpec = {
      network: parts.model.options,
      dims: parts.model.dims,
      seed: parts.seed,
      criterion: parts.criterionOptions,
      adam: { lr: this.adam.learningRate, beta1: this.adam.beta1, beta2: this.adam.beta2, epsilon: this.adam.epsilon },
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

  private shareOf(batch: EncodedBatch): (rank: number) => { batch: EncodedBatch; row0: number; rows: number; classes: Int32Array; embeddings: EmbeddingBuffers } {
    const shares = balancedShares(rowCosts(batch, this.parts.model.options, this.parts.model.dims.featureDim), this.replicas);
    const embeddings = this.embeddingBuffers(batch.size);
    return (rank) => ({ batch: batchRows(batch, shares[rank][0], shares[rank][1]), row0: shares[rank][0], rows: batch.size, classes: batch.classes, embeddings });
  }

  async trainStep(batch: EncodedBatch, variables: readonly tf.Variable[], clipNorm: number | null): Promise<StepResult> {
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
    return { loss: first.loss, terms: first.terms ?? [], gradNorm: first.gradNorm };
  }

  async forwardStep(batch: EncodedBatch): Promise<ForwardResult> {
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

  /** Writes the main thread's parameters (and, with `trained`, Adam's state for those variables) into the shared state, when they lead it. */
  private pushMain(trained: string[] | null): void {
    const withMoments = trained !== null && this.momentsBehind;
    const assigned = this.paramsBehind ? this.layout.slots : this.layout.slots.filter((slot) => this.mainVariable(slot.name).dataId !== this.seenBuffers.get(slot.name));
    if (assigned.length === 0 && !withMoments) return;
    const s = this.state;
    const current = s.current;
    for (const slot of assigned) {
      const v = this.mainVariable(slot.name);
      s.params[current].set(float32Values(v), slot.offset);
      this.seenBuffers.set(slot.name, v.dataId);
    }
    this.paramsBehind = false;
    if (withMoments) {
      const a = this.adam;
      trained.forEach((name, i) => {
        const slot = this.layout.byName.get(name);
        if (!slot) return;
        for (const [moments, into] of [
          [a.accumulatedFirstMoment, s.firstMoments[current]],
          [a.accumulatedSecondMoment, s.secondMoments[current]],
        ] as const) {
          const m = moments[i]?.variable;
          if (m) into.set(float32Values(m), slot.offset);
          else into.fill(0, slot.offset, slot.offset + slot.size);
        }
      });
      s.numbers[ACC_BETA1] = a.accBeta1.dataSync()[0];
      s.numbers[ACC_BETA2] = a.accBeta2.dataSync()[0];
      Atomics.store(s.control, ITERATIONS, this.parts.optimizer.iterations);
      this.momentsBehind = false;
    }
    Atomics.add(s.control, VERSION, 1);
  }

  private mainVariable(name: string): tf.Variable {
    return this.mainVariables.get(name) as tf.Variable;
  }

  syncToMain(): void {
    if (!this.mainBehind) return;
    const s = this.state;
    const current = Atomics.load(s.control, CURRENT);
    for (const slot of this.layout.slots) {
      const v = this.mainVariable(slot.name);
      tf.tidy(() => v.assign(tensorFromShared(s.params[current].subarray(slot.offset, slot.offset + slot.size), slot.shape)));
      this.seenBuffers.set(slot.name, v.dataId);
    }
    const a = this.adam;
    this.lastTrained.forEach((name, i) => {
      const slot = this.layout.byName.get(name);
      const v = this.mainVariables.get(name);
      if (!slot || !v) return;
      for (const [moments, from, suffix] of [
        [a.accumulatedFirstMoment, s.firstMoments[current], 'm'],
        [a.accumulatedSecondMoment, s.secondMoments[current], 'v'],
      ] as const) {
        const values = tensorFromShared(from.subarray(slot.offset, slot.offset + slot.size), slot.shape);
        if (moments[i]) {
          moments[i].variable.assign(values);
          values.dispose();
        } else {
          moments[i] = { originalName: `${v.name}/${suffix}`, variable: tf.variable(values, false) };
          values.dispose();
        }
      }
    });
    tf.tidy(() => {
      a.accBeta1.assign(tf.scalar(s.numbers[ACC_BETA1]));
      a.accBeta2.assign(tf.scalar(s.numbers[ACC_BETA2]));
    });
    a.iterations_ = Atomics.load(s.control, ITERATIONS);
    this.mainBehind = false;
  }

  /** Ends the workers (the main model is not synced here: call syncToMain first to keep the replicas' state). */
  dispose(): Promise<void> {
    return this.pool.dispose();
  }
}
