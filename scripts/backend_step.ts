/**
 * One AdaMine training step on a chosen backend, to compare backends: the
 * loss and every gradient at the same parameters and batch, and the time of
 * the engine's full step (gradients, clipping, Adam). scripts/gpu-check.sh
 * and test/backend_agreement.test.ts use it.
 *
 * Each backend runs in its own process: tfjs keeps a variable's values in
 * the backend it was created on, so a second backend in one process would
 * have to move every parameter, and the tensorflow backend cannot be
 * unloaded. The first process writes its initial parameters; the second
 * starts from them (`--params`), so the two compute the same step.
 *
 *     node --import tsx scripts/backend_step.ts --backend tensorflow|wasm|cpu --out DIR
 *          [--options options/abstract.yaml] [--variant hierarchical|sentence_vectors]
 *          [--data recipe1m|small] [--batch 100] [--steps 3] [--params FILE] [-- OPTION OVERRIDES]
 *
 * writes DIR/<backend>-<variant>.json (StepReport) and, when the backend
 * loaded, DIR/<backend>-<variant>.safetensors (the gradients, by the
 * checkpoint's variable names) and DIR/params-<variant>.safetensors (the
 * parameters it started from, unless given). `tensorflow` means
 * tfjs-node-gpu, else tfjs-node: whichever initBackend picks first.
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticBatch } from '../bench/synthetic_batch.js';
import { commandFlags } from '../lib/commands/flags.js';
import { backendInfo, describeBackend, initBackend, type BackendFailure } from '../lib/backend/index.js';
import { FusedAdam } from '../lib/engine/fused_adam.js';
import { loadOptions } from '../lib/engine/options_schema.js';
import { checkpointVariables } from '../lib/engine/named_variables.js';
import { encodeTensorFile, readTensorFile, type NamedArray } from '../lib/experiment/tensor_file.js';
import { lossOf, trainStep } from '../lib/engine/train_step.js';
import { buildCriterion, type TermResult } from '../lib/losses/index.js';
import { AdaMine, type InstructionVariant } from '../lib/model/index.js';

export type StepBackend = 'tensorflow' | 'wasm' | 'cpu';

/** Sizes of the data the model is built for: Recipe1M's (a 30k vocabulary, ResNet-50 features, skip-thought vectors), or small ones for tests. */
export const DATA = {
  recipe1m: { vocabSize: 30_000, nClasses: 1048, featureDim: 2048, sentenceDim: 1024 },
  small: { vocabSize: 500, nClasses: 20, featureDim: 64, sentenceDim: 32 },
} as const;

export interface StepRequest {
  backend: StepBackend;
  out: string;
  options?: string;
  variant?: InstructionVariant;
  data?: keyof typeof DATA;
  batch?: number;
  /** Timed full steps after one untimed warm-up (0: gradients only). */
  steps?: number;
  params?: string;
  /** Option overrides after the file, as on a command line (`--model.network.word_dim`, `8`). */
  overrides?: string[];
}

export interface StepReport {
  backend: StepBackend;
  variant: InstructionVariant;
  /** False: the backend did not load (`failures` say why). */
  available: boolean;
  failures: BackendFailure[];
  /** describeBackend of what ran. */
  described?: string;
  gpu?: boolean;
  widths?: string;
  batch?: number;
  loss?: number;
  gradients?: string;
  params?: string;
  /** Milliseconds of each timed step. */
  stepMs?: number[];
}

const label = (backend: StepBackend, variant: InstructionVariant): string => `${backend}-${variant}`;

function toArrays(named: Map<string, tf.Tensor>): NamedArray[] {
  return [...named].map(([name, t]) => ({ name, dtype: 'float32', shape: t.shape, data: Float32Array.from(t.dataSync()) }));
}

async function initStepBackend(backend: StepBackend): Promise<BackendFailure[] | null> {
  if (backend !== 'tensorflow') {
    await initBackend(backend);
    return null;
  }
  // The automatic choice tries node-gpu, then node: what a user's run would pick.
  delete process.env.RECIPE1M_BACKEND;
  const info = await initBackend();
  return info.name === 'node' || info.name === 'node-gpu' ? null : info.failures;
}

/** The step itself, in this process. */
export async function runStepHere(r: StepRequest): Promise<StepReport> {
  const variant = r.variant ?? 'hierarchical';
  const base: StepReport = { backend: r.backend, variant, available: false, failures: [] };
  const failures = await initStepBackend(r.backend);
  if (failures) return { ...base, failures };
  tf.enableProdMode();
  const info = backendInfo();
  const { options } = loadOptions(['-o', r.options ?? 'options/abstract.yaml', ...(r.overrides ?? [])]);
  const network = { ...options.model.network, instruction_variant: variant, word2vec: null };
  const dims = DATA[r.data ?? 'recipe1m'];
  const criterion = buildCriterion(options.model.criterion);
  const model = new AdaMine(network, { ...dims, sentenceDim: variant === 'sentence_vectors' ? dims.sentenceDim : 0, semanticHead: criterion.needsSemanticHead }, options.misc.seed);
  const named = checkpointVariables(model.namedVariables(), criterion.namedVariables);
  const trained = [...model.trainableVariables(), ...criterion.namedVariables.values()];
  const stableName = new Map([...named].map(([name, v]) => [v.name, name]));
  mkdirSync(r.out, { recursive: true });
  const params = r.params ?? join(r.out, `params-${variant}.safetensors`);
  if (r.params) {
    const given = new Map(readTensorFile(r.params).arrays.map((a) => [a.name, a]));
    for (const [name, v] of named) {
      const a = given.get(name);
      if (!a || a.shape.join('x') !== v.shape.join('x')) throw new Error(`${r.params}: no parameter '${name}' of shape [${v.shape}] (built from ${r.options ?? 'options/abstract.yaml'})`);
      tf.tidy(() => v.assign(tf.tensor(a.data, a.shape, 'float32')));
    }
  } else {
    writeFileSync(params, encodeTensorFile({ kind: 'params' }, toArrays(named)));
  }
  const batchSize = r.batch ?? 100;
  const batch = syntheticBatch({ size: batchSize, ...dims, sentenceDim: variant === 'sentence_vectors' ? dims.sentenceDim : 0, maxIngredients: 20, maxSentences: 20, maxWords: 20 }, 100);
  let terms: TermResult[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const out = lossOf(model, criterion, batch, model.embedImages(batch), model.embedRecipes(batch));
    terms = out.terms;
    return out.total;
  }, trained);
  criterion.summarize(terms);
  const loss = value.dataSync()[0];
  const byName = new Map(Object.entries(grads).map(([n, g]) => [stableName.get(n) ?? n, g]));
  const gradients = join(r.out, `${label(r.backend, variant)}.safetensors`);
  writeFileSync(gradients, encodeTensorFile({ loss: String(loss), backend: describeBackend(info) }, toArrays(byName)));
  tf.dispose([value, ...Object.values(grads)]);

  const stepMs: number[] = [];
  const steps = r.steps ?? 3;
  if (steps > 0) {
    const optimizer = new FusedAdam(options.optimizer.lr);
    const smallest = trained.reduce((p, v) => (v.size < p.size ? v : p));
    for (let i = 0; i <= steps; i++) {
      const t0 = performance.now();
      trainStep(model, criterion, optimizer, trained, batch, options.optimizer.clip_grad);
      // The update is queued on a GPU: reading a parameter waits for it.
      smallest.dataSync();
      if (i > 0) stepMs.push(performance.now() - t0);
    }
    optimizer.dispose();
  }
  model.dispose();
  criterion.dispose();
  const widths = [network.word_dim, network.ingredient_hidden, network.sentence_hidden, network.instruction_hidden, network.embedding_dim].join('/');
  return { ...base, available: true, described: describeBackend(info), gpu: info.gpu, widths, batch: batchSize, loss, gradients, params, stepMs };
}

/** Runs the step in a child process (see the file header) and returns its report. */
export function runStep(r: StepRequest, timeoutMs = 600_000): StepReport {
  const args = ['--import', 'tsx', 'scripts/backend_step.ts', '--backend', r.backend, '--out', r.out];
  for (const [flag, value] of [['--options', r.options], ['--variant', r.variant], ['--data', r.data], ['--batch', r.batch], ['--steps', r.steps], ['--params', r.params]] as const) {
    if (value !== undefined) args.push(flag, String(value));
  }
  if (r.overrides?.length) args.push('--', ...r.overrides);
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 << 20 });
  if (child.status !== 0) throw new Error(`backend_step ${r.backend} failed (${child.error?.message ?? `exit ${child.status}`}): ${child.stderr.trim().split('\n').slice(-5).join('\n')}`);
  return JSON.parse(readFileSync(join(r.out, `${label(r.backend, r.variant ?? 'hierarchical')}.json`), 'utf8')) as StepReport;
}

/**
 * How close two backends' steps must be. Float32 on both sides gives about
 * 1e-6; TensorFlow on a GPU multiplies matrices in TF32 by default (Ampere
 * and later: 10-bit mantissas, NVIDIA_TF32_OVERRIDE=0 turns it off), which
 * leaves about 1e-3 in the gradients after the LSTMs. A wrong kernel is off
 * by far more.
 */
export const AGREEMENT_LIMITS = { loss: 1e-3, gradients: 2e-2 } as const;

export interface Agreement {
  /** |loss − reference loss| / |reference loss|. */
  loss: number;
  /** ‖g − g_ref‖ / ‖g_ref‖ over all gradients together. */
  gradients: number;
  /** The variable whose gradient differs most, relatively (‖g − g_ref‖ / ‖g_ref‖ for it alone). */
  worst: { name: string; relative: number };
}

/** How far a step's loss and gradients are from a reference step's (both StepReports with their files). */
export function compareSteps(step: StepReport, reference: StepReport): Agreement {
  if (!step.gradients || !reference.gradients || step.loss === undefined || reference.loss === undefined) throw new Error('compareSteps: both steps must have run');
  const ours = new Map(readTensorFile(step.gradients).arrays.map((a) => [a.name, a.data]));
  let diff = 0;
  let norm = 0;
  let worst = { name: '', relative: 0 };
  for (const ref of readTensorFile(reference.gradients).arrays) {
    const g = ours.get(ref.name);
    if (!g || g.length !== ref.data.length) throw new Error(`compareSteps: ${step.gradients} has no gradient '${ref.name}' of ${ref.data.length} values`);
    let d = 0;
    let n = 0;
    for (let i = 0; i < g.length; i++) {
      d += (g[i] - ref.data[i]) ** 2;
      n += ref.data[i] ** 2;
    }
    diff += d;
    norm += n;
    const relative = n > 0 ? Math.sqrt(d / n) : Math.sqrt(d);
    if (relative >= worst.relative) worst = { name: ref.name, relative };
  }
  if (ours.size !== readTensorFile(reference.gradients).arrays.length) throw new Error(`compareSteps: ${step.gradients} and ${reference.gradients} hold different variables`);
  return { loss: Math.abs(step.loss - reference.loss) / Math.abs(reference.loss), gradients: Math.sqrt(diff / norm), worst };
}

if (process.argv[1]?.endsWith('backend_step.ts')) {
  const usage = 'usage: backend_step.ts --backend tensorflow|wasm|cpu --out DIR [--options FILE] [--variant V] [--data recipe1m|small] [--batch N] [--steps N] [--params FILE] [-- OPTION OVERRIDES]';
  const argv = process.argv.slice(2);
  const end = argv.indexOf('--');
  const positionals = end < 0 ? [] : argv.slice(end + 1);
  const flag = { kind: 'string' } as const;
  const values = commandFlags(end < 0 ? argv : argv.slice(0, end), { backend: flag, out: flag, options: flag, variant: flag, data: flag, batch: flag, steps: flag, params: flag }, usage);
  if (values === null) process.exit(0);
  if (!values.backend || !['tensorflow', 'wasm', 'cpu'].includes(values.backend) || !values.out) throw new Error(usage);
  if (values.data !== undefined && !(values.data in DATA)) throw new Error(`--data ${values.data}: use recipe1m or small`);
  const request: StepRequest = {
    backend: values.backend as StepBackend,
    out: values.out,
    options: values.options,
    variant: values.variant as InstructionVariant | undefined,
    data: values.data as keyof typeof DATA | undefined,
    batch: values.batch === undefined ? undefined : Number(values.batch),
    steps: values.steps === undefined ? undefined : Number(values.steps),
    params: values.params,
    overrides: positionals,
  };
  const report = await runStepHere(request);
  mkdirSync(request.out, { recursive: true });
  writeFileSync(join(request.out, `${label(report.backend, report.variant)}.json`), JSON.stringify(report));
}
