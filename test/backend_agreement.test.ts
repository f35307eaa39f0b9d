/**
 * The tensorflow backend (tfjs-node-gpu or tfjs-node) against wasm: one
 * training step from the same parameters on the same batch gives the same
 * loss and gradients. Each backend runs in its own process
 * (scripts/backend_step.ts); where tensorflow does not load, the test says why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTensorFile, readTensorFile } from '../lib/experiment/tensor_file.js';
import { AGREEMENT_LIMITS, compareSteps, runStep, type StepRequest } from '../scripts/backend_step.js';

const TINY = ['word_dim', 'ingredient_hidden', 'sentence_hidden'].flatMap((k) => [`--model.network.${k}`, '8']).concat(['--model.network.instruction_hidden', '16', '--model.network.embedding_dim', '16']);

test('tensorflow backend: one training step gives the loss and gradients of wasm', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'agreement-tf-'));
  try {
    const common: Omit<StepRequest, 'backend'> = { out, options: 'options/demo.yaml', data: 'small', batch: 20, steps: 0 };
    const tensorflow = runStep({ ...common, backend: 'tensorflow' });
    if (!tensorflow.available) {
      t.skip(`the tensorflow backend does not load here: ${tensorflow.failures.map((f) => `${f.name}: ${f.reason}`).join('; ')}`);
      return;
    }
    t.diagnostic(`tensorflow ran as ${tensorflow.described}`);
    const wasm = runStep({ ...common, backend: 'wasm', params: tensorflow.params });
    const agreement = compareSteps(tensorflow, wasm);
    t.diagnostic(`loss ${agreement.loss.toExponential(2)}, gradients ${agreement.gradients.toExponential(2)} (worst ${agreement.worst.name} ${agreement.worst.relative.toExponential(2)})`);
    assert.ok(agreement.loss <= AGREEMENT_LIMITS.loss, `loss: relative difference ${agreement.loss} (tensorflow ${tensorflow.loss}, wasm ${wasm.loss})`);
    assert.ok(agreement.gradients <= AGREEMENT_LIMITS.gradients, `gradients: relative difference ${agreement.gradients}, worst ${agreement.worst.name} (${agreement.worst.relative})`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('the step comparison finds cpu and wasm in agreement, and a changed gradient by name', () => {
  const out = mkdtempSync(join(tmpdir(), 'agreement-cpu-'));
  try {
    const common: Omit<StepRequest, 'backend'> = { out, options: 'options/demo.yaml', data: 'small', batch: 10, steps: 1, overrides: TINY };
    const wasm = runStep({ ...common, backend: 'wasm' });
    const cpu = runStep({ ...common, backend: 'cpu', steps: 0, params: wasm.params });
    assert.equal(wasm.available && cpu.available, true);
    assert.equal(wasm.stepMs?.length, 1, 'one timed step');
    assert.equal(wasm.widths, '8/8/8/16/16');
    const same = compareSteps(cpu, wasm);
    assert.ok(same.loss < 1e-5 && same.gradients < 1e-4, `float32 on both: ${JSON.stringify(same)}`);

    const file = readTensorFile(cpu.gradients as string);
    const target = file.arrays.find((a) => a.name === 'image.projection.kernel');
    assert.ok(target, 'the image projection has a gradient');
    target.data = target.data.map((v) => v * 1.1) as Float32Array;
    const changed = join(out, 'changed.safetensors');
    writeFileSync(changed, encodeTensorFile(file.meta, file.arrays));
    const found = compareSteps({ ...cpu, gradients: changed }, wasm);
    assert.equal(found.worst.name, 'image.projection.kernel');
    assert.ok(Math.abs(found.worst.relative - 0.1) < 1e-3, `a 10% change reads as ${found.worst.relative}`);
    assert.ok(found.gradients > 1e-3);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
