/**
 * Checkpoints: `ckpt_<tag>_model.bin` (the model's variables by their stable
 * names), `ckpt_<tag>_optimizer.bin` (the optimizer's state: Adam's moments or SGD's momentum, and the step), both in the
 * safetensors layout (tensor_file.ts: `safetensors.torch.load_file` reads
 * them; the names stay `.bin` because the commit records, the folder checks
 * and older experiments know them by these names, and safetensors readers
 * do not look at the extension), and
 * `ckpt_<tag>_engine.json` (where training stands, and how long each logged
 * series was at that point), with tag `last` or `best_<metric>`. The engine
 * saves them through commit.ts (one commit point per save, ckpt_last's
 * engine file being the record); the three files of a set carry one token,
 * so a set mixed from two saves is detected at load. Readers resolve names
 * through the commit record, so they read the last complete save at any
 * instant.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { committedNames, committedPath } from './commit.js';
import { optimizerNameOf } from '../engine/optimizer.js';
import type { EngineState } from '../engine/state.js';
import { encodeTensorFile, readTensorFile, type NamedArray } from './tensor_file.js';

export type { EngineState, EpochAccumulator } from '../engine/state.js';

export interface CheckpointFiles {
  model: string;
  optimizer: string;
  engine: string;
}

export function checkpointFiles(dir: string, tag: string): CheckpointFiles {
  return {
    model: join(dir, `ckpt_${tag}_model.bin`),
    optimizer: join(dir, `ckpt_${tag}_optimizer.bin`),
    engine: join(dir, `ckpt_${tag}_engine.json`),
  };
}

/** The tags (`last`, `best_<metric>`) with a committed engine file in `dir`. */
export function checkpointTags(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const names = new Set([...readdirSync(dir), ...committedNames(dir)]);
  return [...names]
    .map((f) => /^ckpt_(.+)_engine\.json$/.exec(f)?.[1])
    .filter((t): t is string => t !== undefined)
    .sort();
}

/** The committed content of one checkpoint file (commit.ts). */
function resolved(dir: string, file: string): string {
  return committedPath(dir, basename(file));
}

function toArray(name: string, t: tf.Tensor): NamedArray {
  const dtype = t.dtype === 'int32' ? 'int32' : 'float32';
  const data = dtype === 'int32' ? Int32Array.from(t.dataSync()) : Float32Array.from(t.dataSync());
  return { name, dtype, shape: t.shape, data };
}

/** The private bias-correction accumulators of tfjs's Adam: saving them makes a resume bit-exact (setWeights recomputes them with pow). */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

function adamInternals(optimizer: tf.Optimizer): AdamInternals | null {
  const o = optimizer as unknown as Partial<AdamInternals>;
  return o.accBeta1 instanceof tf.Variable && o.accBeta2 instanceof tf.Variable ? (o as AdamInternals) : null;
}

const ACC_BETA = ['__accBeta1', '__accBeta2'] as const;

/**
 * The model and optimizer files of one save, both carrying `token`. The
 * optimizer file is whatever getWeights returns (Adam's moments and step,
 * SGD's momentum accumulators and step), plus Adam's bias-correction
 * accumulators; its meta records the optimizer class.
 */
export async function encodeCheckpoint(
  variables: Map<string, tf.Variable>,
  optimizer: tf.Optimizer,
  token: string,
): Promise<{ model: Uint8Array; optimizer: Uint8Array }> {
  const modelArrays = [...variables].map(([name, v]) => toArray(name, v));
  const model = encodeTensorFile({ token, kind: 'model' }, modelArrays);
  const weights = await optimizer.getWeights();
  const optArrays = weights.map((w, i) => toArray(`${i}:${w.name}`, w.tensor));
  // getWeights returns the moments' own variables plus a fresh `iter` scalar: only the latter is ours to free.
  tf.dispose(weights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  const internals = adamInternals(optimizer);
  if (internals) optArrays.push(toArray(ACC_BETA[0], internals.accBeta1), toArray(ACC_BETA[1], internals.accBeta2));
  return { model, optimizer: encodeTensorFile({ token, kind: 'optimizer', className: optimizer.getClassName() }, optArrays) };
}

export function engineFileText(state: EngineState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

export function readEngineState(dir: string, tag: string): EngineState {
  const file = resolved(dir, checkpointFiles(dir, tag).engine);
  if (!existsSync(file)) {
    const tags = checkpointTags(dir);
    throw new Error(`no checkpoint '${tag}' in ${dir} (${file} is missing); available: ${tags.length ? tags.join(', ') : 'none'}`);
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as EngineState;
  } catch (err) {
    throw new Error(`${file}: unreadable (${(err as Error).message})`);
  }
}

/** A checkpoint file from another save than its engine file. */
export class CheckpointMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointMismatchError';
  }
}

function checkToken(file: string, meta: Record<string, unknown>, token: string): void {
  if (meta.token !== token) {
    throw new CheckpointMismatchError(`${file} does not belong to the same save as its engine file (token ${String(meta.token)} vs ${token}); use another checkpoint`);
  }
}

/** Loads the model variables of checkpoint `tag`; every variable must be present with its shape, and no other. */
export function loadModelVariables(dir: string, tag: string, variables: Map<string, tf.Variable>, token?: string): void {
  const file = resolved(dir, checkpointFiles(dir, tag).model);
  if (!existsSync(file)) throw new Error(`checkpoint file ${file} is missing`);
  const { meta, arrays } = readTensorFile(file);
  if (token !== undefined) checkToken(file, meta, token);
  const byName = new Map(arrays.map((a) => [a.name, a]));
  const missing = [...variables.keys()].filter((n) => !byName.has(n));
  const extra = [...byName.keys()].filter((n) => !variables.has(n));
  if (missing.length || extra.length) {
    throw new Error(
      `${file} does not match the model built from the options: ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && extra.length ? '; ' : ''}${extra.length ? `unexpected ${extra.join(', ')}` : ''}`,
    );
  }
  for (const [name, v] of variables) {
    const a = byName.get(name) as NamedArray;
    if (a.shape.join('x') !== v.shape.join('x')) {
      throw new Error(`${file}: variable '${name}' has shape [${a.shape}] in the checkpoint, [${v.shape}] in the model built from the options`);
    }
    tf.tidy(() => v.assign(tf.tensor(a.data, a.shape, v.dtype)));
  }
}

/** Restores the optimizer state of checkpoint `tag` (before its first step). */
export async function loadOptimizer(dir: string, tag: string, optimizer: tf.Optimizer, token?: string): Promise<void> {
  const file = resolved(dir, checkpointFiles(dir, tag).optimizer);
  if (!existsSync(file)) throw new Error(`checkpoint file ${file} is missing`);
  const { meta, arrays } = readTensorFile(file);
  if (token !== undefined) checkToken(file, meta, token);
  if (meta.className !== optimizer.getClassName()) {
    const saved = optimizerNameOf(String(meta.className));
    throw new Error(`${file} holds the state of optimizer.name ${saved}, the options ask for ${optimizerNameOf(optimizer.getClassName())}: resume with --optimizer.name ${saved}, or start a fresh run`);
  }
  const weights = arrays.filter((a) => !(ACC_BETA as readonly string[]).includes(a.name));
  const named = weights.map((a) => ({ name: a.name.slice(a.name.indexOf(':') + 1), tensor: tf.tensor(a.data, a.shape, a.dtype) }));
  await optimizer.setWeights(named);
  tf.dispose(named.map((n) => n.tensor));
  const internals = adamInternals(optimizer);
  for (const [i, key] of ACC_BETA.entries()) {
    const a = arrays.find((x) => x.name === key);
    const target = internals ? [internals.accBeta1, internals.accBeta2][i] : undefined;
    if (a && target) tf.tidy(() => target.assign(tf.tensor(a.data, a.shape, 'float32')));
  }
}
