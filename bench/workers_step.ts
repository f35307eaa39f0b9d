/**
 * Training steps of the engine itself (lib/engine/train_step.ts with the
 * engine's FusedAdam for one worker, lib/engine/parallel/ for several) at
 * a number of workers, on synthetic batches: ms per step, the machine's
 * load while measuring, and memory (process peak RSS; per replica its wasm
 * heap, which only grows, so its size is the replica's peak).
 */
import { loadavg } from 'node:os';
import { trainingCriterion } from '../lib/engine/criterion_adapter.js';
import { FusedAdam } from '../lib/engine/fused_adam.js';
import { DataParallel } from '../lib/engine/parallel/data_parallel.js';
import { defaults } from '../lib/engine/schema.js';
import { trainStep } from '../lib/engine/train_step.js';
import { buildCriterion, criterionSchema, type CriterionOptions } from '../lib/losses/index.js';
import { AdaMine, type NetworkOptions } from '../lib/model/index.js';
import { sampleMemory } from './memory.js';
import { syntheticBatch, type SyntheticShape } from './synthetic_batch.js';

export interface WorkersCase {
  options: NetworkOptions;
  data: { vocabSize: number; nClasses: number; featureDim: number; sentenceDim: number };
  shape: SyntheticShape;
  workers: number;
  warmup: number;
  steps: number;
}

const CLIP = 8;

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export async function runWorkersStep(c: WorkersCase): Promise<Record<string, unknown>> {
  const criterionOptions = defaults(criterionSchema) as unknown as CriterionOptions;
  const criterion = buildCriterion(criterionOptions);
  const training = trainingCriterion(criterion);
  const model = new AdaMine(c.options, { ...c.data, semanticHead: criterion.needsSemanticHead }, 1338);
  const optimizer = new FusedAdam(1e-4);
  const variables = [...model.trainableVariables(false), ...training.namedVariables.values()];
  const batches = [0, 1, 2].map((i) => syntheticBatch(c.shape, 100 + i));
  const replicas = c.workers > 1 ? new DataParallel({ replicas: c.workers, model, criterion: training, criterionOptions, optimizer, seed: 1338 }) : null;
  try {
    const startMs = performance.now();
    await replicas?.start();
    const startupMs = performance.now() - startMs;
    const step = async (i: number): Promise<number> => {
      const t0 = performance.now();
      const batch = batches[i % batches.length];
      if (replicas) await replicas.trainStep(batch, variables, CLIP);
      else trainStep(model, training, optimizer, variables, batch, CLIP);
      return performance.now() - t0;
    };
    for (let i = 0; i < c.warmup; i++) await step(i);
    const load0 = loadavg()[0];
    const times: number[] = [];
    const phases: Record<string, number>[] = [];
    for (let i = 0; i < c.steps; i++) {
      times.push(await step(c.warmup + i));
      if (replicas) replicas.lastPhases.forEach((p, k) => (phases[k] = Object.fromEntries(Object.entries(p).map(([n, ms]) => [n, (phases[k]?.[n] ?? 0) + ms / c.steps]))));
    }
    const load1 = loadavg()[0];
    const stats = replicas ? await replicas.stats() : null;
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    return {
      workers: c.workers,
      steps: c.steps,
      ms_per_step: round(mean),
      ms_per_step_min: round(Math.min(...times)),
      pairs_per_s: round((c.shape.size * 1000) / mean),
      load_average_1min: [round(load0, 2), round(load1, 2)],
      ...(replicas ? { worker_startup_ms: round(startupMs) } : {}),
      peak_rss_mb: round(process.resourceUsage().maxRSS / 1024),
      main_wasm_heap_mb: sampleMemory().wasmHeapMB,
      ...(replicas ? { replica_phase_ms: phases.map((p) => Object.fromEntries(Object.entries(p).map(([n, ms]) => [n, round(ms)]))) } : {}),
      ...(stats ? { replica_wasm_heap_mb: stats.map((s) => s.wasmHeapMB), replica_js_heap_mb: stats.map((s) => round(s.jsHeapMB)) } : {}),
    };
  } finally {
    await replicas?.dispose();
    optimizer.dispose();
    model.dispose();
    criterion.dispose();
  }
}
