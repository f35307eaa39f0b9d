/**
 * What a prepared folder is made from, keyed on content so that moving or
 * copying a dataset does not redo hours of image features: the input files'
 * sizes and sha256 hashes, the backbone's files and options, the prepare
 * options, and the version of the text processing. Modification times only
 * save hashing: a file whose size and time are those recorded is taken as
 * unchanged; one whose time moved is hashed and compared. `staleReasons`
 * says, in words, everything that differs ("layer1.json changed size
 * (1200 -> 1300 bytes)", "backbone differs: mini-v1 -> tfjs-model ...").
 * The photos are not part of the key (millions of files): after changing
 * photos, prepare with --force.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { FileStamp, PrepareInputs } from './manifest.js';
import { SCHEMA_VERSION } from './manifest.js';

/**
 * Bumped when the same inputs and options would give other stores because
 * this code changed how it reads them. 2: ingredient names from lines
 * (ingredients.ts), singular/plural title classes, duplicate ids dropped,
 * the default minimum count by text size.
 */
export const PREPARE_VERSION = 2;

export type InputRole = keyof PrepareInputs['files'];
export const INPUT_ROLES: readonly InputRole[] = ['layer1', 'layer2', 'detIngrs', 'classes', 'features', 'featureIds'];

const INPUT_NAMES: Record<InputRole, string> = {
  layer1: 'layer1.json', layer2: 'layer2.json', detIngrs: 'det_ingrs.json',
  classes: 'the --classes file', features: 'the --features matrix', featureIds: 'the --feature-ids file',
};

/** The file playing each role, undefined when the role is not used. */
export type InputFiles = Record<InputRole, string | undefined>;
export type InputStamps = Record<InputRole, FileStamp | null>;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function stamp(file: string | undefined, known: FileStamp | null | undefined): Promise<FileStamp | null> {
  if (file === undefined || !existsSync(file)) return null;
  const s = statSync(file);
  const mtimeMs = Math.trunc(s.mtimeMs);
  if (known && known.size === s.size && known.mtimeMs === mtimeMs) return known;
  return { size: s.size, mtimeMs, sha256: await sha256File(file) };
}

/** Stamps with hashes of every input; a file whose size and time equal `known`'s keeps its recorded hash. */
export async function stampInputs(files: InputFiles, known?: Partial<InputStamps>): Promise<InputStamps> {
  const out = {} as InputStamps;
  for (const role of INPUT_ROLES) out[role] = await stamp(files[role], known?.[role]);
  return out;
}

/**
 * The backbone by content: 'mini-v1' (code, no files), or for a TensorFlow.js
 * model folder the sha256 of its files (names and bytes) with its options
 * sorted ("tfjs-model sha256:ab12...?layer=x&normalize=unit"). A spec that is
 * neither is returned as given (createBackbone rejects it).
 */
export async function backboneIdentity(spec: string): Promise<string> {
  if (spec === 'mini-v1') return spec;
  const rest = spec.startsWith('tfjs-model:') ? spec.slice('tfjs-model:'.length) : spec;
  const [dir, query] = rest.split('?');
  if (!existsSync(join(dir, 'model.json'))) return spec;
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    if (!statSync(file).isFile()) continue;
    hash.update(`${name}\0${await sha256File(file)}\0`);
  }
  const params = [...new URLSearchParams(query ?? '')].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `tfjs-model sha256:${hash.digest('hex')}${params.length > 0 ? `?${new URLSearchParams(params).toString()}` : ''}`;
}

/** The content fingerprint: equal fingerprints, equal stores. Times are left out. */
export function inputsFingerprint(inputs: PrepareInputs): string {
  const files = Object.fromEntries(INPUT_ROLES.map((r) => [r, inputs.files[r] && { size: inputs.files[r]!.size, sha256: inputs.files[r]!.sha256 }]));
  return createHash('sha256').update(JSON.stringify({
    schemaVersion: SCHEMA_VERSION, prepareVersion: inputs.prepareVersion, files, backbone: inputs.backbone, options: inputs.options,
  })).digest('hex');
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/**
 * Why `recorded` does not describe what `now` would make, in words; empty
 * when the content is the same. `now.files` must come from `stampInputs`
 * with the recorded stamps as `known`.
 */
export function staleReasons(recorded: PrepareInputs, now: PrepareInputs): string[] {
  const reasons: string[] = [];
  if (recorded.prepareVersion !== now.prepareVersion) {
    reasons.push(`this prepare reads inputs differently (version ${show(recorded.prepareVersion ?? 1)} -> ${now.prepareVersion})`);
  }
  for (const role of INPUT_ROLES) {
    const a = recorded.files[role], b = now.files[role], name = INPUT_NAMES[role];
    if (a === null && b === null) continue;
    if (a === null) reasons.push(`${name} is ${role === 'detIngrs' ? 'now present' : 'now given'}`);
    else if (b === null) reasons.push(`${name} is ${role === 'detIngrs' ? 'gone' : 'no longer given'}`);
    else if (a.size !== b.size) reasons.push(`${name} changed size (${a.size} -> ${b.size} bytes)`);
    else if (a.sha256 !== b.sha256) reasons.push(`${name} changed (same size, other content)`);
  }
  if (recorded.backbone !== now.backbone) reasons.push(`backbone differs: ${show(recorded.backbone ?? 'imported features')} -> ${show(now.backbone ?? 'imported features')}`);
  const flag: Record<string, string> = { minCount: '--min-count', sentenceDim: '--sentence-dim', maxIngredients: '--max-ingredients', maxSentences: '--max-sentences', maxWords: '--max-words' };
  const a = { minCount: recorded.options.minCount, sentenceDim: recorded.options.sentenceDim, ...recorded.options.limits };
  const b = { minCount: now.options.minCount, sentenceDim: now.options.sentenceDim, ...now.options.limits };
  for (const key of Object.keys(flag) as Array<keyof typeof a>) {
    if (a[key] !== b[key]) reasons.push(`option ${flag[key]} differs: ${show(a[key])} -> ${show(b[key])}`);
  }
  return reasons;
}

/** Inputs whose time changed while their content did not (their recorded stamp is refreshed). */
export function retimedInputs(recorded: PrepareInputs, now: PrepareInputs): string[] {
  return INPUT_ROLES.filter((r) => {
    const a = recorded.files[r], b = now.files[r];
    return a && b && a.sha256 === b.sha256 && a.mtimeMs !== b.mtimeMs;
  }).map((r) => INPUT_NAMES[r]);
}
