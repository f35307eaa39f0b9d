/**
 * One replica of data-parallel training, as it runs inside a worker thread:
 * its own copy of the model and the loss, and the steps it takes in
 * lockstep with the other replicas through shared memory.
 *
 * A training step, for rows [row0, row0 + b) of a batch of `rows`:
 * 1. encode its rows (recorded for the gradient) and write the embeddings
 *    into the shared buffers; barrier;
 * 2. compute the loss over the WHOLE batch from the gathered embeddings,
 *    with its gradient with respect to every embedding and to the loss's
 *    own parameters (every replica does this, on the same numbers);
 * 3. backpropagate its rows' share of that gradient through its encoders
 *    (the vector–Jacobian product Σ emb · dL/demb), and write its parameter
 *    gradients (replica 0 adds the loss-parameter ones) into its shared
 *    gradient vector; barrier;
 * 4. sum every replica's vector over the range it owns, and its part of the
 *    squared norm; barrier;
 * 5. check the loss and the global norm (the same numbers everywhere, so
 *    every replica decides alike: a non-finite one stops the step before any
 *    update), clip, and run the optimizer (Adam, or SGD with momentum) over
 *    its range from the current generation of parameters and optimizer
 *    state into the next, and measure that range's update; barrier;
 * 6. load the new parameters into its model.
 */
import * as tf from '@tensorflow/tfjs';
import { getHeapStatistics } from 'node:v8';
import { float32Values, nativeReduceKernels } from '../../backend/index.js';
import type { PairBatch } from '../../data/batch.js';
import { buildCriterion, type Criterion, type CriterionOptions, type TermResult, type TermStats } from '../../losses/index.js';
import { AdaMine, type ModelDims, type NetworkOptions } from '../../model/index.js';
import { checkpointVariables } from '../named_variables.js';
import { lossOf } from '../train_step.js';
import { Barrier } from './barrier.js';
import { flatLayout, ownedRange, segments, type FlatLayout } from './layout.js';
import { adamInto, momentumInto, nextAccBeta, type AdamStepScalars as AdamStep, type SharedRule } from './shared_optimizer.js';
import { ACC_BETA1, ACC_BETA2, CURRENT, ITERATIONS, LOSS, SharedState, VERSION, tensorFromShared, type EmbeddingBuffers, type SharedBuffers } from './shared_memory.js';

/** What rebuilds the main thread's model and loss in a replica. */
export interface ReplicaSpec {
  network: NetworkOptions;
  dims: ModelDims;
  seed: number;
  criterion: CriterionOptions;
  /** The optimizer's update; null for replicas that only evaluate. */
  rule: SharedRule | null;
}

export interface ReplicaInit {
  spec: ReplicaSpec;
  rank: number;
  shared: SharedBuffers;
}

interface BatchPart {
  /** This replica's rows of the batch (possibly none). */
  batch: PairBatch;
  row0: number;
  /** Rows of the whole batch. */
  rows: number;
  /** Classes of the whole batch. */
  classes: Int32Array;
  embeddings: EmbeddingBuffers;
}

export interface TrainRequest extends BatchPart {
  kind: 'train';
  /** Checkpoint names of the trained variables, in the optimizer's order. */
  trained: string[];
  clipNorm: number | null;
}

export interface ForwardRequest extends BatchPart {
  kind: 'forward';
}

export interface StatsRequest {
  kind: 'stats';
}

export type ReplicaRequest = TrainRequest | ForwardRequest | StatsRequest;

export interface TrainReply {
  loss: number;
  /** Replica 0 only. */
  terms: TermStats[] | null;
  gradNorm: number;
  /** ||θ_after − θ_before|| over the variables that moved, ||θ_before|| over the trained ones (NaN when not applied). */
  updateNorm: number;
  paramNorm: number;
  /** Set when the step was not applied. */
  nonFinite: { what: 'loss' | 'gradient norm'; value: number } | null;
  /** Milliseconds of each phase in this replica, `wait_*` at the barriers (for benchmarks). */
  phases: Record<string, number>;
}

export interface ForwardReply {
  /** Replica 0 only (NaN elsewhere). */
  loss: number;
  terms: TermStats[] | null;
}

export interface ReplicaStats {
  tensors: number;
  /** The replica's wasm heap (null on other backends) and V8 heap, in MB. */
  wasmHeapMB: number | null;
  jsHeapMB: number;
}

interface WasmHeap {
  wasm?: { HEAPU8?: Uint8Array };
}

/** A range's summed gradient: a buffer the replica keeps, or a tensor's values (dispose frees it). */
interface ReducedGradient {
  /** For a tensor, a view of the wasm heap: take it where it is used, after which no tensor may be allocated until the loop ends. */
  values(): Float32Array;
  dispose(): void;
}

export class Replica {
  private readonly barrier: Barrier;
  private reduced = new Float32Array(0);
  private readonly layout: FlatLayout;
  private readonly state: SharedState;
  private seenVersion = -1;

  private constructor(
    readonly rank: number,
    private readonly spec: ReplicaSpec,
    shared: SharedBuffers,
    private readonly model: AdaMine,
    private readonly criterion: Criterion,
    private readonly variables: Map<string, tf.Variable>,
  ) {
    this.state = new SharedState(shared);
    this.barrier = new Barrier(this.state.control, shared.replicas);
    this.layout = flatLayout(variables);
    if (this.layout.total !== shared.total || this.layout.slots.length !== shared.slots) {
      throw new Error(`replica ${rank}: the model built here has ${this.layout.total} parameters in ${this.layout.slots.length} variables, the main thread's ${shared.total} in ${shared.slots}`);
    }
  }

  /** Builds the replica on the backend its thread has initialised. */
  static create(init: ReplicaInit): Replica {
    const criterion = buildCriterion(init.spec.criterion);
    const model = new AdaMine(init.spec.network, init.spec.dims, init.spec.seed);
    return new Replica(init.rank, init.spec, init.shared, model, criterion, checkpointVariables(model.namedVariables(), criterion.namedVariables));
  }

  handle(request: ReplicaRequest): TrainReply | ForwardReply | ReplicaStats {
    switch (request.kind) {
      case 'train':
        return this.train(request);
      case 'forward':
        return this.forward(request);
      case 'stats':
        return this.stats();
    }
  }

  /** Loads the shared current parameters when they changed since this replica last held them. */
  private loadParams(): void {
    const version = this.state.version;
    if (version === this.seenVersion) return;
    this.copyParams(this.state.current);
    this.seenVersion = version;
  }

  private copyParams(generation: number): void {
    const params = this.state.params[generation];
    for (const slot of this.layout.slots) {
      const v = this.variables.get(slot.name) as tf.Variable;
      tf.tidy(() => v.assign(tensorFromShared(params.subarray(slot.offset, slot.offset + slot.size), slot.shape)));
    }
  }

  private views(e: EmbeddingBuffers, rows: number): { images: Float32Array; recipes: Float32Array } {
    return { images: new Float32Array(e.images, 0, rows * e.dim), recipes: new Float32Array(e.recipes, 0, rows * e.dim) };
  }

  private train(req: TrainRequest): TrainReply {
    const phases: Record<string, number> = {};
    let mark = performance.now();
    const lap = (name: string): void => {
      const now = performance.now();
      phases[name] = (phases[name] ?? 0) + now - mark;
      mark = now;
    };
    this.loadParams();
    lap('load');
    const startVersion = this.state.version;
    const D = req.embeddings.dim;
    const b = req.batch.size;
    const all = this.views(req.embeddings, req.rows);
    const trained = req.trained.map((name) => {
      const v = this.variables.get(name);
      if (!v) throw new Error(`replica ${this.rank}: no variable named '${name}'`);
      return v;
    });
    const lossGrads = new Map<string, tf.Tensor>();
    let loss = NaN;
    let terms: TermResult[] = [];
    let encoderGrads: tf.NamedTensorMap = {};
    let vjp: tf.Tensor | null = null;
    if (b > 0) {
      const out = tf.variableGrads(() => {
        const images = this.model.embedImages(req.batch);
        const recipes = this.model.embedRecipes(req.batch);
        all.images.set(float32Values(images), req.row0 * D);
        all.recipes.set(float32Values(recipes), req.row0 * D);
        lap('encode');
        this.barrier.arrive();
        lap('wait_embeddings');
        const wholeImages = tensorFromShared(all.images, [req.rows, D]) as tf.Tensor2D;
        const wholeRecipes = tensorFromShared(all.recipes, [req.rows, D]) as tf.Tensor2D;
        const whole = tf.engine().gradients(
          () => {
            const o = lossOf(this.model, this.criterion, { ...req.batch, classes: req.classes }, wholeImages, wholeRecipes);
            terms = o.terms;
            return o.total;
          },
          [wholeImages, wholeRecipes, ...trained],
          undefined,
          true,
        );
        loss = whole.value.dataSync()[0];
        // The loss's own parameters (and the semantic head) get their gradient once, in replica 0's contribution.
        if (this.rank === 0) whole.grads.slice(2).forEach((g, i) => g && lossGrads.set(req.trained[i], tf.keep(g)));
        // Copied out of the tensors, the embedding gradients are constants: nothing flows back through the loss twice.
        const rowsOf = (g: tf.Tensor | null): tf.Tensor => (g ? tf.tensor2d(float32Values(g).slice(req.row0 * D, (req.row0 + b) * D), [b, D]) : tf.zeros([b, D]));
        const dImages = rowsOf(whole.grads[0]);
        const dRecipes = rowsOf(whole.grads[1]);
        return tf.add(tf.sum(tf.mul(images, dImages)), tf.sum(tf.mul(recipes, dRecipes))) as tf.Scalar;
      }, trained);
      vjp = out.value;
      encoderGrads = out.grads;
      lap('loss_backward');
    } else {
      this.barrier.arrive();
      lap('wait_embeddings');
    }
    const summary = this.criterion.summarize(terms);
    try {
      if (this.rank === 0) this.state.numbers[LOSS] = loss;
      this.writeContribution(req.trained, trained, encoderGrads, lossGrads);
    } finally {
      vjp?.dispose();
      tf.dispose(Object.values(encoderGrads));
      tf.dispose([...lossGrads.values()]);
    }
    lap('write_gradients');
    this.barrier.arrive();
    lap('wait_gradients');
    const stepLoss = this.state.numbers[LOSS];
    const reply = (gradNorm: number, nonFinite: TrainReply['nonFinite'], norms = { update: NaN, params: NaN }): TrainReply => ({
      loss: stepLoss,
      terms: this.rank === 0 ? summary : null,
      gradNorm,
      updateNorm: norms.update,
      paramNorm: norms.params,
      nonFinite,
      phases,
    });
    if (!Number.isFinite(stepLoss)) return reply(NaN, { what: 'loss', value: stepLoss });
    const [from, to] = ownedRange(this.layout.total, this.state.buffers.replicas, this.rank);
    const sum = this.reduceRange(from, to);
    lap('reduce');
    const current = this.state.current;
    let gradNorm: number;
    try {
      this.barrier.arrive();
      lap('wait_reduced');
      gradNorm = this.state.gradNorm();
      if (!Number.isFinite(gradNorm)) return reply(gradNorm, { what: 'gradient norm', value: gradNorm });
      this.updateRange(from, to, sum, current, req.clipNorm !== null && gradNorm > req.clipNorm ? req.clipNorm / gradNorm : 1, new Set(req.trained));
    } finally {
      sum?.dispose();
    }
    lap('update');
    this.barrier.arrive();
    lap('wait_updated');
    if (this.rank === 0) this.commitStep(current);
    this.copyParams(1 - current);
    this.seenVersion = startVersion + 1;
    lap('load_updated');
    return reply(gradNorm, null, this.state.updateNorms());
  }

  /** This replica's gradient of every variable into its shared vector (zeros where it has none), and which it has. */
  private writeContribution(names: readonly string[], trained: readonly tf.Variable[], encoder: tf.NamedTensorMap, loss: Map<string, tf.Tensor>): void {
    const out = this.state.grads[this.rank];
    const byName = new Map(names.map((n, i) => [n, i]));
    this.layout.slots.forEach((slot, s) => {
      const i = byName.get(slot.name);
      const e = i === undefined ? undefined : encoder[trained[i].name];
      const l = loss.get(slot.name);
      if (!e && !l) {
        out.fill(0, slot.offset, slot.offset + slot.size);
        this.state.setPresent(this.rank, s, false);
        return;
      }
      const g = e && l ? tf.add(e, l) : ((e ?? l) as tf.Tensor);
      out.set(float32Values(g), slot.offset);
      if (g !== e && g !== l) g.dispose();
      this.state.setPresent(this.rank, s, true);
    });
  }

  /**
   * Σ over replicas of [from, to) of their gradient vectors (in rank order), and this range's squared norm
   * into the shared partials. With the native addon one pass in C over the shared arrays into a buffer this
   * replica keeps; without it, on the backend's kernels (measured faster than a JavaScript loop over the
   * shared arrays: 39 vs 60 ms for 11M values).
   */
  private reduceRange(from: number, to: number): ReducedGradient | null {
    if (from >= to) {
      this.state.setGradSquares(this.rank, 0);
      return null;
    }
    const parts = this.state.grads.map((g) => g.subarray(from, to));
    const kernels = nativeReduceKernels();
    if (kernels) {
      if (this.reduced.length !== to - from) this.reduced = new Float32Array(to - from);
      this.state.setGradSquares(this.rank, kernels.reduceParts(parts, this.reduced));
      const reduced = this.reduced;
      return { values: () => reduced, dispose: () => undefined };
    }
    const sum = tf.tidy(() => {
      const tensors = parts.map((g) => tensorFromShared(g, [to - from]));
      return tensors.length === 1 ? tensors[0] : tf.addN(tensors);
    });
    const squares = tf.tidy(() => tf.sum(tf.square(sum)));
    this.state.setGradSquares(this.rank, squares.dataSync()[0]);
    squares.dispose();
    return { values: () => float32Values(sum), dispose: () => sum.dispose() };
  }

  /**
   * The optimizer's step over [from, to), from the current generation into the next: the variables with
   * a gradient this step move, the others keep their values and state. Then this range's squared update
   * (over the moved variables) and squared parameters before it (over the trained ones) go to the shared
   * partials, as the single-process step measures them.
   */
  private updateRange(from: number, to: number, sum: ReducedGradient | null, current: number, scale: number, trained: ReadonlySet<string>): void {
    const next = 1 - current;
    const { params, firstMoments: m, secondMoments: v, numbers } = this.state;
    const rule = this.spec.rule;
    if (!rule) throw new Error('replica: started for evaluation, without an optimizer: it cannot take a training step');
    let update = 0;
    let before = 0;
    if (sum) {
      const step = rule.kind === 'adam' ? { c1: Math.fround(1 - numbers[ACC_BETA1]), c2: Math.fround(1 - numbers[ACC_BETA2]), scale } : null;
      const kernels = nativeReduceKernels();
      const sums = new Float64Array(2);
      const g = sum.values();
      for (const { slot, start, end } of segments(this.layout, from, to)) {
        const at = (x: Float32Array) => x.subarray(start, end);
        const moved = this.state.anyPresent(slot);
        if (moved && rule.kind === 'adam') adamInto(at(params[current]), g.subarray(start - from, end - from), at(m[current]), at(v[current]), at(params[next]), at(m[next]), at(v[next]), rule, step as AdamStep);
        else if (moved && rule.kind === 'momentum') momentumInto(at(params[current]), g.subarray(start - from, end - from), at(m[current]), at(params[next]), at(m[next]), rule, scale);
        else for (const x of [params, m, v]) if (x.length) x[next].set(x[current].subarray(start, end), start);
        if (!trained.has(this.layout.slots[slot].name)) continue;
        const x0 = params[current];
        const x1 = params[next];
        if (kernels) {
          kernels.updateSquares(x0.subarray(start, end), x1.subarray(start, end), moved, sums);
          before += sums[0];
          update += sums[1];
          continue;
        }
        for (let i = start; i < end; i++) {
          const a = x0[i];
          before += a * a;
          if (moved) update += (x1[i] - a) * (x1[i] - a);
        }
      }
    }
    this.state.setUpdateSquares(this.rank, update, before);
  }

  /** After every range is updated: the next generation becomes current, and Adam's step count and running products move on. */
  private commitStep(current: number): void {
    const { control, numbers } = this.state;
    const rule = this.spec.rule;
    if (rule?.kind === 'adam') {
      numbers[ACC_BETA1] = nextAccBeta(numbers[ACC_BETA1], rule.beta1);
      numbers[ACC_BETA2] = nextAccBeta(numbers[ACC_BETA2], rule.beta2);
    }
    Atomics.add(control, ITERATIONS, 1);
    Atomics.store(control, CURRENT, 1 - current);
    Atomics.add(control, VERSION, 1);
  }

  private forward(req: ForwardRequest): ForwardReply {
    this.loadParams();
    const D = req.embeddings.dim;
    const all = this.views(req.embeddings, req.rows);
    if (req.batch.size > 0) {
      tf.tidy(() => {
        all.images.set(float32Values(this.model.embedImages(req.batch)), req.row0 * D);
        all.recipes.set(float32Values(this.model.embedRecipes(req.batch)), req.row0 * D);
      });
    }
    this.barrier.arrive();
    if (this.rank !== 0) return { loss: NaN, terms: null };
    let terms: TermResult[] = [];
    const total = tf.tidy(() => {
      const o = lossOf(this.model, this.criterion, { ...req.batch, classes: req.classes }, tensorFromShared(all.images, [req.rows, D]) as tf.Tensor2D, tensorFromShared(all.recipes, [req.rows, D]) as tf.Tensor2D);
      terms = o.terms;
      return o.total;
    });
    try {
      return { loss: total.dataSync()[0], terms: this.criterion.summarize(terms) };
    } finally {
      total.dispose();
    }
  }

  private stats(): ReplicaStats {
    const heap = (tf.backend() as unknown as WasmHeap).wasm?.HEAPU8;
    return {
      tensors: tf.memory().numTensors,
      wasmHeapMB: heap ? heap.buffer.byteLength / 2 ** 20 : null,
      jsHeapMB: getHeapStatistics().used_heap_size / 2 ** 20,
    };
  }
}
