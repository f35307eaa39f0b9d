/**
 * The bench cases. Each runs in its own Node process (bench.ts spawns them)
 * so that its peak RSS and wasm heap are its own, and an out-of-memory case
 * cannot take the others down.
 */
import * as tf from '@tensorflow/tfjs';
import { availableParallelism, loadavg } from 'node:os';
import { backendInfo, initBackend, nativeRankingKernels, useNativeMatMul } from '../lib/backend/index.js';
import { WorkerPool } from '../lib/engine/parallel/worker_pool.js';
import type { NetworkOptions } from '../lib/model/index.js';
import { dotEngineFor, rankBagsOnThreads, retrievalMetrics, retrievalMetricsWith } from '../lib/metrics/index.js';
import { Random } from '../lib/util/random.js';
import { stepFlops } from './flops.js';
import { matMulRate } from './matmul_rate.js';
import { runFeatureRead } from './feature_read.js';
import { DEFAULT_SCALE_RECIPES, runRecipe1MScale } from './recipe1m_scale.js';
import { PeakMemory, sampleMemory } from './memory.js';
import { runServe } from './serve_load.js';
import { syntheticBatch, type SyntheticShape } from './synthetic_batch.js';
import { TimedTrainer } from './timed_step.js';
import { runWorkersStep } from './workers_step.js';

export type BenchRecord = Record<string, unknown>;

export interface CaseSettings {
  quick: boolean;
  /** Batch size override (the hierarchical case's fallbacks). */
  batch?: number;
  /** Dataset size of the recipe1m_scale case. */
  recipes?: number;
  /** Worker counts of the workers_* cases, interleaved in one process (default [1]). */
  workers?: number[];
}

/** The paper's widths (docs/method.md §3.1); instruction_variant set per case. */
const PAPER: Omit<NetworkOptions, 'instruction_variant'> = {
  word_dim: 300,
  word2vec: null,
  ingredient_hidden: 300,
  sentence_hidden: 512,
  instruction_hidden: 1024,
  embedding_dim: 1024,
  init_seed: 1338,
};

/** The demo widths (options/demo.yaml). */
const DEMO: Omit<NetworkOptions, 'instruction_variant'> = {
  word_dim: 64,
  word2vec: null,
  ingredient_hidden: 64,
  sentence_hidden: 64,
  instruction_hidden: 128,
  embedding_dim: 128,
  init_seed: 1338,
};

/** im2recipe's vocabulary is about 30k words; ResNet-50 features are 2048-d; skip-thought vectors 1024-d. */
const PAPER_DATA = { vocabSize: 30_000, nClasses: 1048, featureDim: 2048, sentenceDim: 1024 };
/** The demo data: a small vocabulary and Tiny Darknet's 1000-d outputs. */
const DEMO_DATA = { vocabSize: 5_000, nClasses: 1048, featureDim: 1000, sentenceDim: 0 };

function environment(): BenchRecord {
  const info = backendInfo();
  return { backend: info.name, threads: info.threads, matmul: info.matMul ?? 'backend' };
}

/**
 * The efficiency ratio's denominator. Taken before and after the measured
 * steps, best of both: a machine shared with other work slows some
 * measurements, and the best one is the backend's real speed.
 */
function matMul1024(quick: boolean): number {
  return matMulRate(1024, 1024, 1024, quick ? 3 : 5).gflops;
}

/** The wasm kernel's own 1024³ rate, when OpenBLAS is the current matMul; else null. */
function wasmMatMul1024(quick: boolean): number | null {
  if (backendInfo().matMul !== 'openblas') return null;
  useNativeMatMul(false);
  try {
    return matMul1024(quick);
  } finally {
    useNativeMatMul(true);
  }
}

interface TrainCase {
  name: string;
  options: NetworkOptions;
  data: typeof PAPER_DATA;
  batch: number;
  warmup: number;
  steps: number;
}

function shapeOf(c: TrainCase): SyntheticShape {
  return { size: c.batch, ...c.data, sentenceDim: c.options.instruction_variant === 'sentence_vectors' ? c.data.sentenceDim : 0, maxIngredients: 20, maxSentences: 20, maxWords: 20 };
}

function runTrain(c: TrainCase): BenchRecord {
  const peak = new PeakMemory();
  const quick = c.warmup + c.steps < 4;
  const matmulBefore = matMul1024(quick);
  const trainer = new TimedTrainer(c.options, c.data, 1338);
  const batches = [0, 1, 2].map((i) => syntheticBatch(shapeOf(c), 100 + i));
  for (let i = 0; i < c.warmup; i++) trainer.step(batches[i % batches.length]);
  peak.sample();
  let fwd = 0;
  let fwdBwd = 0;
  let opt = 0;
  let flops = 0;
  for (let i = 0; i < c.steps; i++) {
    const batch = batches[i % batches.length];
    fwd += trainer.forward(batch);
    const s = trainer.step(batch);
    fwdBwd += s.forwardBackwardMs;
    opt += s.optimizerMs;
    flops += stepFlops(c.options, c.data.featureDim, batch);
    peak.sample();
  }
  // The same steps with FusedAdam: only the optimizer phase changes.
  trainer.useFusedAdam();
  trainer.step(batches[0]);
  let fusedOpt = 0;
  for (let i = 0; i < c.steps; i++) fusedOpt += trainer.step(batches[i % batches.length]).optimizerMs;
  peak.sample();
  trainer.dispose();
  const matmul = Math.max(matmulBefore, matMul1024(quick));
  const wasmMatmul = wasmMatMul1024(quick);
  const stepMs = (fwdBwd + opt) / c.steps;
  const achieved = flops / ((fwdBwd + opt) / 1000) / 1e9;
  return {
    case: c.name,
    ...environment(),
    variant: c.options.instruction_variant,
    widths: [c.options.word_dim, c.options.ingredient_hidden, c.options.sentence_hidden, c.options.instruction_hidden, c.options.embedding_dim].join('/'),
    batch: c.batch,
    steps: c.steps,
    pairs_per_s: round((c.batch * 1000) / stepMs),
    ms_per_step: round(stepMs),
    forward_ms: round(fwd / c.steps),
    backward_ms: round((fwdBwd - fwd) / c.steps),
    optimizer_ms: round(opt / c.steps),
    optimizer_fused_adam_ms: round(fusedOpt / c.steps),
    ms_per_step_fused_adam: round((fwdBwd + fusedOpt) / c.steps),
    step_gflop: round(flops / c.steps / 1e9),
    achieved_gflops: round(achieved),
    matmul_1024_gflops: round(matmul),
    efficiency: round(achieved / matmul, 3),
    ...(wasmMatmul === null ? {} : { wasm_matmul_1024_gflops: round(wasmMatmul), efficiency_vs_wasm_matmul: round(achieved / wasmMatmul, 3) }),
    peak_rss_mb: round(process.resourceUsage().maxRSS / 1024),
    wasm_heap_mb: sampleMemory().wasmHeapMB,
    peak_tensor_mb: round(peak.tensorMB),
  };
}

function runLeak(quick: boolean): BenchRecord {
  const steps = quick ? 30 : 200;
  const options: NetworkOptions = { ...DEMO, instruction_variant: 'hierarchical' };
  const trainer = new TimedTrainer(options, DEMO_DATA, 1338);
  const batches = [0, 1, 2, 3].map((i) => syntheticBatch({ size: 100, ...DEMO_DATA, maxIngredients: 20, maxSentences: 20, maxWords: 20 }, 200 + i));
  const settle = Math.min(20, steps / 2);
  let first = sampleMemory();
  const t0 = performance.now();
  const stepMs: number[] = [];
  for (let i = 0; i < steps; i++) {
    const s0 = performance.now();
    trainer.step(batches[i % batches.length]);
    stepMs.push(performance.now() - s0);
    if (i + 1 === settle) {
      (globalThis as { gc?: () => void }).gc?.();
      first = sampleMemory();
    }
  }
  (globalThis as { gc?: () => void }).gc?.();
  const last = sampleMemory();
  trainer.dispose();
  return {
    case: 'leak_demo',
    ...environment(),
    steps,
    ms_per_step: round((performance.now() - t0) / steps),
    // A slowdown over the run is a leak of another kind (growing graphs, heap fragmentation).
    ms_first_tenth: round(median(stepMs.slice(0, Math.ceil(steps / 10)))),
    ms_last_tenth: round(median(stepMs.slice(-Math.ceil(steps / 10)))),
    tensors_at_settle: first.tensors,
    tensors_at_end: last.tensors,
    rss_mb_at_settle: round(first.rssMB),
    rss_mb_at_end: round(last.rssMB),
    rss_mb_per_100_steps: round(((last.rssMB - first.rssMB) / (steps - settle)) * 100),
    wasm_heap_mb_at_settle: first.wasmHeapMB,
    wasm_heap_mb_at_end: last.wasmHeapMB,
  };
}

/** Model-shaped products, plain and in the transposed forms the gradients use. */
function runMatMul(quick: boolean): BenchRecord {
  const reps = quick ? 1 : 3;
  const shapes: [string, number, number, number, { a?: boolean; b?: boolean }][] = [
    ['1024x1024x1024', 1024, 1024, 1024, {}],
    ['x_proj_2000x1024x4096', 2000, 1024, 4096, {}],
    ['recurrent_100x1024x4096', 100, 1024, 4096, {}],
    ['dW_1024x2000x4096_tA', 1024, 2000, 4096, { a: true }],
    ['dX_2000x4096x1024_tB', 2000, 4096, 1024, { b: true }],
    ['dh_100x4096x1024_tB', 100, 4096, 1024, { b: true }],
  ];
  const out: BenchRecord = { case: 'matmul', ...environment() };
  for (const [name, m, k, n, t] of shapes) out[`${name}_gflops`] = round(matMulRate(m, k, n, reps, t).gflops);
  if (backendInfo().matMul === 'openblas') {
    useNativeMatMul(false);
    for (const [name, m, k, n, t] of shapes) out[`wasm_${name}_gflops`] = round(matMulRate(m, k, n, reps, t).gflops);
    useNativeMatMul(true);
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** [count, DIM] uniform rows: random embeddings cost the same to rank as trained ones. */
function randomRows(count: number, dim: number, seed: number): Float32Array {
  const rng = new Random(seed);
  const x = new Float32Array(count * dim);
  for (let i = 0; i < x.length; i++) x[i] = rng.next() - 0.5;
  return x;
}

/**
 * Evaluation time of the 1k (10 bags x 1,000) and 10k (5 bags x 10,000)
 * setups with the default similarity engine, on 1024-d embeddings of 50,000
 * pairs. bench/eval_metrics.ts compares the engines; this is the figure a
 * training run pays per evaluation.
 */
async function runEval(quick: boolean): Promise<BenchRecord> {
  const dim = 1024;
  const count = 50_000;
  const input = { images: randomRows(count, dim, 1), recipes: randomRows(count, dim, 2), count, dim };
  const workers = availableParallelism();
  const out: BenchRecord = { case: 'eval', ...environment(), dim, pairs: count, workers };
  const setups = quick ? ([['1k', 10, 1000]] as const) : ([['1k', 10, 1000], ['10k', 5, 10_000]] as const);
  const pool = new WorkerPool(workers);
  try {
    const t0 = performance.now();
    await pool.start();
    out.worker_startup_s = round((performance.now() - t0) / 1000);
    for (const [setup, nbBags, perBag] of setups) {
      const metric = { nb_bags: nbBags, nb_matchs_per_bag: perBag, protocol: 'disjoint' as const, seed: null };
      const t1 = performance.now();
      const single = retrievalMetrics(input, { ...metric, dot: dotEngineFor(backendInfo().name, nativeRankingKernels()) });
      out[`eval_${setup}_s`] = round((performance.now() - t1) / 1000);
      // What a training or evaluation run with engine.workers > 1 does: each bag's rows counted on every worker.
      const t2 = performance.now();
      const parallel = await retrievalMetricsWith(input, metric, (x, bags) => rankBagsOnThreads(pool, x, bags));
      out[`eval_${setup}_workers_s`] = round((performance.now() - t2) / 1000);
      if (JSON.stringify(parallel.values) !== JSON.stringify(single.values)) throw new Error(`eval ${setup}: the workers' metrics differ from the single-thread ones`);
    }
  } finally {
    await pool.dispose();
  }
  out.targets_s = { eval_1k_workers_s: 0.2, eval_10k_workers_s: 9 };
  out.load_average_1min = round(loadavg()[0]);
  out.peak_rss_mb = round(process.resourceUsage().maxRSS / 1024);
  return out;
}

/** The engine's own training step at paper widths, batch 100, at each of `s.workers` worker counts. */
async function runWorkers(name: string, variant: NetworkOptions['instruction_variant'], s: CaseSettings): Promise<BenchRecord> {
  const options: NetworkOptions = { ...PAPER, instruction_variant: variant };
  const batch = s.batch ?? 100;
  const shape = shapeOf({ name, options, data: PAPER_DATA, batch, warmup: 0, steps: 0 });
  const r = await runWorkersStep({ options, data: PAPER_DATA, shape, workers: s.workers ?? [1], warmup: 2, steps: s.quick ? 2 : 5 });
  return { case: name, ...environment(), variant, batch, ...r };
}

export const WORKERS_CASES = ['workers_sentence_vectors_paper', 'workers_hierarchical_paper'] as const;

export const CASE_NAMES = ['matmul', 'train_sentence_vectors_paper', 'train_hierarchical_paper', 'train_demo', 'leak_demo', 'eval', 'serve', 'feature_read', 'recipe1m_scale', ...WORKERS_CASES] as const;
export type CaseName = (typeof CASE_NAMES)[number];
/** Cases that run only when named in --only (minutes of work and gigabytes of disk). */
export const OPT_IN_CASES: readonly CaseName[] = ['recipe1m_scale'];

export async function runCase(name: CaseName, s: CaseSettings): Promise<BenchRecord> {
  await initBackend();
  tf.enableProdMode();
  const warmup = 1;
  const steps = s.quick ? 1 : 3;
  switch (name) {
    case 'matmul':
      return runMatMul(s.quick);
    case 'train_sentence_vectors_paper':
      return runTrain({ name, options: { ...PAPER, instruction_variant: 'sentence_vectors' }, data: PAPER_DATA, batch: s.batch ?? 100, warmup, steps });
    case 'train_hierarchical_paper':
      return runTrain({ name, options: { ...PAPER, instruction_variant: 'hierarchical' }, data: PAPER_DATA, batch: s.batch ?? 100, warmup, steps });
    case 'train_demo':
      return runTrain({ name, options: { ...DEMO, instruction_variant: 'hierarchical' }, data: DEMO_DATA, batch: s.batch ?? 100, warmup: 2, steps: s.quick ? 3 : 10 });
    case 'leak_demo':
      return runLeak(s.quick);
    case 'eval':
      return runEval(s.quick);
    case 'serve':
      return runServe(s.quick);
    case 'feature_read':
      return runFeatureRead(s.quick);
    case 'recipe1m_scale':
      return runRecipe1MScale(s.recipes ?? DEFAULT_SCALE_RECIPES, s.quick);
    case 'workers_sentence_vectors_paper':
      return runWorkers(name, 'sentence_vectors', s);
    case 'workers_hierarchical_paper':
      return runWorkers(name, 'hierarchical', s);
  }
}
