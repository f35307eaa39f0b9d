/**
 * Training steps of the engine itself (lib/engine/train_step.ts with the
 * engine's FusedAdam for one worker, lib/engine/parallel/ for several) at
 * several numbers of workers, in one process, with the steps of the
 * configurations interleaved (1, 2, 1, 2, ...) so that a change in the
 * machine's load falls on all of them alike. Reports ms per step (mean,
 * median, best) and CPU ms per step (all threads), the load while
 * measuring, each replica's phases, and
 * memory: process peak RSS, the RSS the workers added once started, and
 * per replica its wasm heap (which only grows, so its size is the replica's
 * peak) and V8 heap.
 */
import { loadavg } from 'node:os';
import { FusedAdam } from '../lib/engine/fused_adam.js';
import { DataParallel } from '../lib/engine/parallel/data_parallel.js';
import { defaults } from '../lib/options/index.js';
import { trainStep } from '../lib/engine/train_step.js';
import { buildCriterion, criterionSchema} from '../lib/losses/index.js';
import { AdaMine, type NetworkOptions } from '../lib/model/index.js';
import { syntheticBatch, type SyntheticShape } from './synthetic_batch.js';

export interface WorkersCase {
  options: NetworkOptions;
  data: { vocabSize: number; nClasses: number; featureDim: number; sentenceDim: number };
  shape: SyntheticShape;
  /** Configurations to compare, e.g. [1, 2]. */
  workers: number[];
  warmup: number;
  steps: number;
}

const CLIP = 8;

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const rssMB = (): number => process.memoryUsage().rss / 2 ** 20;

interface Config {
  workers: number;
  /** Runs one step; returns its wall milliseconds and the CPU milliseconds of all the process's threads. */
  step(i: number): Promise<[number, number]>;
  replicas: DataParallel | null;
  times: number[];
  cpu: number[];
  phases: Record<string, number>[];
  startupMs: number;
  addedRssMB: number;
  dispose(): Promise<void>;
}

async function makeConfig(c: WorkersCase, workers: number, batches: ReturnType<typeof syntheticBatch>[]): Promise<Config> {
  const criterionOptions = defaults(criterionSchema);
  const criterion = buildCriterion(criterionOptions);
  const model = new AdaMine(c.options, { ...c.data, semanticHead: criterion.needsSemanticHead }, 1338);
  const optimizer = new FusedAdam(1e-4);
  const variables = [...model.trainableVariables(), ...criterion.namedVariables.values()];
  const replicas = workers > 1 ? new DataParallel({ replicas: workers, model, criterion, criterionOptions, optimizer, seed: 1338 }) : null;
  const rss0 = rssMB();
  const t0 = performance.now();
  await replicas?.start();
  const config: Config = {
    workers,
    replicas,
    times: [],
    cpu: [],
    phases: [],
    startupMs: performance.now() - t0,
    addedRssMB: rssMB() - rss0,
    async step(i) {
      const c0 = process.cpuUsage();
      const s0 = performance.now();
      const batch = batches[i % batches.length];
      if (replicas) await replicas.trainStep(batch, variables, CLIP);
      else trainStep(model, criterion, optimizer, variables, batch, CLIP);
      const c = process.cpuUsage(c0);
      return [performance.now() - s0, (c.user + c.system) / 1000];
    },
    async dispose() {
      await replicas?.dispose();
      optimizer.dispose();
      model.dispose();
      criterion.dispose();
    },
  };
  return config;
}

export async function runWorkersStep(c: WorkersCase): Promise<Record<string, unknown>> {
  const batches = [0, 1, 2].map((i) => syntheticBatch(c.shape, 100 + i));
  const configs: Config[] = [];
  try {
    for (const w of c.workers) configs.push(await makeConfig(c, w, batches));
    for (let i = 0; i < c.warmup; i++) for (const k of configs) await k.step(i);
    const load0 = loadavg()[0];
    for (let i = 0; i < c.steps; i++) {
      for (const k of configs) {
        const [ms, cpu] = await k.step(c.warmup + i);
        k.times.push(ms);
        k.cpu.push(cpu);
        k.replicas?.lastPhases.forEach((p, r) => (k.phases[r] = Object.fromEntries(Object.entries(p).map(([n, ms]) => [n, (k.phases[r]?.[n] ?? 0) + ms / c.steps]))));
      }
    }
    const load1 = loadavg()[0];
    const runs = [];
    for (const k of configs) {
      const stats = k.replicas ? await k.replicas.stats() : null;
      runs.push({
        workers: k.workers,
        ms_per_step: round(k.times.reduce((a, b) => a + b, 0) / k.times.length),
        ms_per_step_median: round(median(k.times)),
        ms_per_step_min: round(Math.min(...k.times)),
        pairs_per_s: round((c.shape.size * 1000) / median(k.times)),
        // CPU time of all threads per step: on a quiet machine with one core per worker, the step cannot take less than this over the workers.
        cpu_ms_per_step_median: round(median(k.cpu)),
        ...(k.replicas
          ? {
              worker_startup_ms: round(k.startupMs),
              rss_mb_added_by_workers_at_start: round(k.addedRssMB),
              replica_phase_ms: k.phases.map((p) => Object.fromEntries(Object.entries(p).map(([n, ms]) => [n, round(ms)]))),
              replica_wasm_heap_mb: stats?.map((s) => s.wasmHeapMB),
              replica_js_heap_mb: stats?.map((s) => round(s.jsHeapMB)),
            }
          : {}),
      });
    }
    return { steps: c.steps, load_average_1min: [round(load0, 2), round(load1, 2)], peak_rss_mb: round(process.resourceUsage().maxRSS / 1024), rss_mb_at_end: round(rssMB()), runs };
  } finally {
    for (const k of configs) await k.dispose();
  }
}
