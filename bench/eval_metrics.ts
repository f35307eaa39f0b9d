/**
 * Speed of the retrieval metrics on random embeddings (D = 1024): the 1k
 * setup (10 bags x 1,000) and the 10k setup (5 bags x 10,000) with each
 * similarity engine (JavaScript, tf matMul, and the native addon's sgemm
 * with its counting kernel when it is built), and topK over 50,000 candidates. The tf engine goes
 * through OpenBLAS when lib/backend finds the native addon
 * (RECIPE1M_NATIVE_BLAS=0 measures the wasm matMul).
 * Run: node --import tsx bench/eval_metrics.ts [--js-10k] [--skip-js]
 * (the JavaScript engine on the 10k setup takes several minutes).
 */
import { availableParallelism, loadavg } from 'node:os';
import { backendInfo, initBackend, nativeRankingKernels } from '../lib/backend/index.js';
import { blasDotProducts } from '../lib/metrics/blas_dot_products.js';
import { jsDotProducts, type DotProductEngine } from '../lib/metrics/dot_products.js';
import { retrievalMetrics } from '../lib/metrics/retrieval.js';
import { tfDotProducts } from '../lib/metrics/tf_dot_products.js';
import { topK } from '../lib/metrics/top_k.js';
import { Random } from '../lib/util/random.js';

const DIM = 1024;

function uniform(count: number, seed: number): Float32Array {
  const rng = new Random(seed);
  const x = new Float32Array(count * DIM);
  for (let i = 0; i < x.length; i++) x[i] = rng.next() - 0.5;
  return x;
}

/** Wall seconds and CPU seconds of all threads (CPU time reads true on a busy machine). */
async function timed<T>(fn: () => T | Promise<T>): Promise<[number, number, T]> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await fn();
  const cpu = process.cpuUsage(cpu0);
  return [(performance.now() - t0) / 1000, (cpu.user + cpu.system) / 1e6, out];
}

export interface EvalMetricsBench {
  [name: string]: number;
}

/** Seconds per setup and engine, and milliseconds per topK query. */
export async function benchEvalMetrics(opts: { js10k: boolean; skipJs: boolean }): Promise<EvalMetricsBench> {
  await initBackend('wasm');
  const count = 50_000;
  const input = { images: uniform(count, 1), recipes: uniform(count, 2), count, dim: DIM };
  // tf matMul runs through OpenBLAS when lib/backend found the native addon.
  const tfName = `tf_${backendInfo().matMul === 'openblas' ? 'openblas' : 'wasm'}`;
  const engines: [string, DotProductEngine][] = [[tfName, tfDotProducts]];
  const kernels = nativeRankingKernels();
  if (kernels) engines.push(['native', blasDotProducts(kernels)]);
  if (!opts.skipJs) engines.push(['js', jsDotProducts]);
  const setups = [
    ['1k', 10, 1000],
    ['10k', 5, 10_000],
  ] as const;
  const out: EvalMetricsBench = {};
  for (const [setup, nbBags, perBag] of setups) {
    const metric = { nb_bags: nbBags, nb_matchs_per_bag: perBag, protocol: 'disjoint' as const, seed: null };
    for (const [engine, dot] of engines) {
      if (setup === '10k' && engine === 'js' && !opts.js10k) continue;
      const [s, cpu, r] = await timed(() => retrievalMetrics(input, { ...metric, dot }));
      out[`metrics_${setup}_${engine}_s`] = s;
      out[`metrics_${setup}_${engine}_cpu_s`] = cpu;
      console.log(`${setup} setup, ${engine}: ${s.toFixed(2)} s wall, ${cpu.toFixed(2)} s CPU (MedR im2recipe ${r.values.med_im2recipe_mean.toFixed(1)})`);
    }
  }
  console.log(`load average over the last minute: ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
  const queries = 20;
  const [s, cpu] = await timed(() => {
    for (let q = 0; q < queries; q++) topK(input.images.subarray(q * DIM, (q + 1) * DIM), input.recipes, count, DIM, 10);
  });
  out.topk_50k_ms = (s / queries) * 1000;
  out.topk_50k_cpu_ms = (cpu / queries) * 1000;
  console.log(`topK over ${count} candidates, D = ${DIM}: ${out.topk_50k_ms.toFixed(1)} ms wall, ${out.topk_50k_cpu_ms.toFixed(1)} ms CPU per query`);
  return out;
}

if (process.argv[1]?.endsWith('eval_metrics.ts')) {
  await benchEvalMetrics({
    js10k: process.argv.includes('--js-10k'),
    skipJs: process.argv.includes('--skip-js'),
  });
}
