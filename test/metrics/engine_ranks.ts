/**
 * Child process of engines.test.ts: prints, as one JSON line, the ranks
 * that each requested similarity engine gives on rankFixtures() for several
 * block sizes. A separate process per OpenBLAS core type, because OpenBLAS
 * reads OPENBLAS_CORETYPE once, when it is loaded.
 * Usage: node --import tsx test/metrics/engine_ranks.ts js,cpu,wasm,openblas,native
 * (native: the addon's sgemm and counting kernel, without TensorFlow.js).
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend, nativeRankingKernels, useNativeMatMul } from '../../lib/backend/index.js';
import { blasDotProducts } from '../../lib/metrics/blas_dot_products.js';
import { jsDotProducts, type DotProductEngine } from '../../lib/metrics/dot_products.js';
import { rankOfMatches } from '../../lib/metrics/ranks.js';
import { tfDotProducts } from '../../lib/metrics/tf_dot_products.js';
import { rankFixtures } from './helpers.js';

export const ENGINES = ['js', 'cpu', 'wasm', 'openblas', 'native'] as const;
export type EngineName = (typeof ENGINES)[number];
export const BLOCK_ROWS = [1000, 64, 7];

export interface EngineRanks {
  engine: EngineName;
  fixture: string;
  blockRows: number;
  im2recipe: number[];
  recipe2im: number[];
}

export interface EngineReport {
  /** False when the native addon is not loaded (not built, or RECIPE1M_NATIVE_BLAS=0): no openblas or native results. */
  openblas: boolean;
  results: EngineRanks[];
  /** Tensors left after the tf engines ran. */
  leakedTensors: number;
}

/** Makes the backend current for `engine`; null when it is not available here. */
async function select(engine: EngineName): Promise<DotProductEngine | null> {
  if (engine === 'js') return jsDotProducts;
  if (engine === 'cpu') {
    await initBackend('cpu');
    return tfDotProducts;
  }
  await initBackend('wasm');
  if (engine === 'native') {
    useNativeMatMul(true);
    const kernels = nativeRankingKernels();
    return kernels ? blasDotProducts(kernels) : null;
  }
  return useNativeMatMul(engine === 'openblas') || engine === 'wasm' ? tfDotProducts : null;
}

async function main(requested: EngineName[]): Promise<EngineReport> {
  const fixtures = rankFixtures();
  const report: EngineReport = { openblas: false, results: [], leakedTensors: 0 };
  await initBackend('wasm');
  const before = tf.memory().numTensors;
  for (const engine of requested) {
    const dot = await select(engine);
    if (engine === 'openblas' || engine === 'native') report.openblas = dot !== null;
    if (!dot) continue;
    for (const f of fixtures) {
      for (const blockRows of BLOCK_ROWS) {
        const r = rankOfMatches(f.images, f.recipes, f.count, f.dim, { dot, blockRows });
        report.results.push({ engine, fixture: f.name, blockRows, im2recipe: Array.from(r.im2recipe), recipe2im: Array.from(r.recipe2im) });
      }
    }
  }
  report.leakedTensors = tf.memory().numTensors - before;
  return report;
}

if (process.argv[1]?.endsWith('engine_ranks.ts')) {
  const requested = (process.argv[2] ?? ENGINES.join(',')).split(',');
  const unknown = requested.filter((e) => !(ENGINES as readonly string[]).includes(e));
  if (unknown.length > 0) throw new Error(`engine_ranks: unknown engine(s) ${unknown.join(', ')}; use ${ENGINES.join(', ')}`);
  process.stdout.write(`${JSON.stringify(await main(requested as EngineName[]))}\n`);
}
