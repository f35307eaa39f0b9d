/**
 * What scripts/gpu-check.sh runs: which backend a run would use and on
 * what device, a timed training step at the paper's widths (options/
 * abstract.yaml, batch 100, Recipe1M-sized vocabulary and features) for the
 * sentence-vector and the hierarchical model, and how far the tensorflow
 * backend's loss and gradients are from wasm's on the same step.
 *
 *     node --import tsx scripts/gpu_check.ts [--batch 100] [--steps 3] [--variants sentence_vectors,hierarchical]
 *
 * Exit status: 0 when the check ran (with or without a GPU backend; the
 * output says which), 1 when tensorflow and wasm disagree beyond
 * AGREEMENT_LIMITS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandFlags } from '../lib/commands/flags.js';
import type { InstructionVariant } from '../lib/model/index.js';
import { AGREEMENT_LIMITS, compareSteps, runStep, type StepReport, type StepRequest } from './backend_step.js';

const usage = 'usage: gpu_check.ts [--batch 100] [--steps 3] [--variants sentence_vectors,hierarchical]';
const values = commandFlags(process.argv.slice(2), { batch: { kind: 'string' }, steps: { kind: 'string' }, variants: { kind: 'string' } }, usage);
if (values === null) process.exit(0);
const batch = Number(values.batch ?? 100);
const steps = Number(values.steps ?? 3);
const variants = (values.variants ?? 'sentence_vectors,hierarchical').split(',') as InstructionVariant[];
for (const v of variants) if (v !== 'sentence_vectors' && v !== 'hierarchical') throw new Error(`--variants: '${v}' is not sentence_vectors or hierarchical`);
if (!(Number.isInteger(batch) && batch >= 2 && Number.isInteger(steps) && steps >= 1)) throw new Error('--batch must be an integer of 2 or more, --steps 1 or more');

const say = (line: string): void => console.log(`gpu-check: ${line}`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timing = (r: StepReport): string => {
  const ms = median(r.stepMs ?? []);
  return `${ms.toFixed(0)} ms/step, ${((batch * 1000) / ms).toFixed(0)} pairs/s (median of ${r.stepMs?.length} steps after a warm-up)`;
};

const out = mkdtempSync(join(tmpdir(), 'gpu-check-'));
let disagree = false;
try {
  const common = (variant: InstructionVariant): Omit<StepRequest, 'backend'> => ({ out, variant, batch, steps, options: 'options/abstract.yaml', data: 'recipe1m' });
  const first = runStep({ ...common(variants[0]), backend: 'tensorflow' });
  if (!first.available) {
    say('NO GPU BACKEND: the tensorflow backend (tfjs-node-gpu, tfjs-node) does not load:');
    for (const f of first.failures) say(`  ${f.name}: ${f.reason}`);
    say('runs here use wasm; its paper-width step, for comparison with a GPU machine:');
    for (const variant of variants) {
      const wasm = runStep({ ...common(variant), backend: 'wasm' });
      say(`  ${variant}, widths ${wasm.widths}, batch ${batch}: ${wasm.described}: ${timing(wasm)}`);
    }
  } else {
    say(`backend ${first.described}`);
    for (const f of first.failures) say(`  ${f.name} not used: ${f.reason}`);
    say(first.gpu ? 'a GPU computes the steps' : 'NO GPU: tensorflow loaded but computes on the CPU (see the device above and TensorFlow\'s lines on stderr)');
    for (const variant of variants) {
      const tensorflow = variant === variants[0] ? first : runStep({ ...common(variant), backend: 'tensorflow' });
      const wasm = runStep({ ...common(variant), backend: 'wasm', params: tensorflow.params });
      const a = compareSteps(tensorflow, wasm);
      const ok = a.loss <= AGREEMENT_LIMITS.loss && a.gradients <= AGREEMENT_LIMITS.gradients;
      disagree ||= !ok;
      say(`${variant}, widths ${tensorflow.widths}, batch ${batch}:`);
      say(`  ${tensorflow.described}: ${timing(tensorflow)}`);
      say(`  ${wasm.described}: ${timing(wasm)}`);
      say(
        `  agreement with wasm: loss ${a.loss.toExponential(1)}, gradients ${a.gradients.toExponential(1)} (relative; worst variable ${a.worst.name} ${a.worst.relative.toExponential(1)}): ` +
          `${ok ? 'AGREE' : 'DISAGREE'} (limits ${AGREEMENT_LIMITS.loss} and ${AGREEMENT_LIMITS.gradients})`,
      );
    }
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exitCode = disagree ? 1 : 0;
