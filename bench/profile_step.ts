/**
 * Where a training step's time goes, by kernel: one warm-up step, then one
 * step inside tf.profile, kernel times summed per kernel name (forward and
 * backward together).
 * Run: node --import tsx bench/profile_step.ts [sentence_vectors|hierarchical|demo] [batch]
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../lib/backend/index.js';
import type { NetworkOptions } from '../lib/model/index.js';
import { syntheticBatch } from './synthetic_batch.js';
import { TimedTrainer } from './timed_step.js';

const which = process.argv[2] ?? 'sentence_vectors';
const batchSize = Number(process.argv[3] ?? 100);
const demo = which === 'demo';
const options: NetworkOptions = {
  word_dim: demo ? 64 : 300,
  word2vec: null,
  ingredient_hidden: demo ? 64 : 300,
  sentence_hidden: demo ? 64 : 512,
  instruction_hidden: demo ? 128 : 1024,
  embedding_dim: demo ? 128 : 1024,
  instruction_variant: which === 'sentence_vectors' ? 'sentence_vectors' : 'hierarchical',
  init_seed: 1,
};
const dims = demo ? { vocabSize: 5000, nClasses: 1048, featureDim: 1000, sentenceDim: 0 } : { vocabSize: 30_000, nClasses: 1048, featureDim: 2048, sentenceDim: 1024 };
const info = await initBackend();
const trainer = new TimedTrainer(options, dims, 1);
const batch = syntheticBatch({ size: batchSize, ...dims, sentenceDim: options.instruction_variant === 'sentence_vectors' ? dims.sentenceDim : 0, maxIngredients: 20, maxSentences: 20, maxWords: 20 }, 7);
trainer.step(batch);
const t0 = performance.now();
const profile = await tf.profile(() => {
  trainer.step(batch);
});
const wall = performance.now() - t0;
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const k of profile.kernels) {
  const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  e.calls++;
  byKernel.set(k.name, e);
}
const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);
console.log(`${which} batch ${batchSize} on ${info.name} (matMul: ${info.matMul}): step ${wall.toFixed(0)} ms (profiled), kernels ${total.toFixed(0)} ms, ${profile.kernels.length} kernel calls, peak ${(profile.peakBytes / 2 ** 20).toFixed(0)} MB`);
for (const [name, e] of [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 18)) {
  console.log(`${name.padEnd(22)} ${e.ms.toFixed(1).padStart(9)} ms ${String(e.calls).padStart(6)} calls ${((100 * e.ms) / total).toFixed(1).padStart(5)}%`);
}
trainer.dispose();
