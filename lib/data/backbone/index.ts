/**
 * Backbone factory: `createBackbone(spec)` with spec one of
 *  - `mini-v1`: the default offline backbone (mini_v1.ts);
 *  - `tfjs-model:<dir>[?layer=<name>&normalize=unit|imagenet|symmetric|caffe&size=N]`;
 *  - a folder holding a TensorFlow.js model.json (same as `tfjs-model:<dir>`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MiniV1Backbone } from './mini_v1.js';
import { isPixelNorm, PIXEL_NORMS } from './pixel_norm.js';
import { TfjsModelBackbone } from './tfjs_model.js';
import type { ImageBackbone } from './types.js';

export type { ImageBackbone, RawImage } from './types.js';
export { MiniV1Backbone, MINI_V1_DIM, miniV1Features } from './mini_v1.js';
export { TfjsModelBackbone, fileHandler } from './tfjs_model.js';
export { PIXEL_NORMS, normalizePixels, type PixelNorm } from './pixel_norm.js';

export const BACKBONE_NAMES = ['mini-v1', 'tfjs-model:<dir>', '<dir with model.json>'] as const;

export interface BackboneOptions {
  /** Where a tfjs-model backbone's warnings about its first batch go (default stderr). */
  onWarning?: (message: string) => void;
}

export async function createBackbone(spec: string, opts: BackboneOptions = {}): Promise<ImageBackbone> {
  if (spec === 'mini-v1') return new MiniV1Backbone();
  let rest: string | undefined;
  if (spec.startsWith('tfjs-model:')) rest = spec.slice('tfjs-model:'.length);
  else if (existsSync(join(spec.split('?')[0], 'model.json'))) rest = spec;
  if (rest === undefined) {
    throw new Error(`unknown backbone '${spec}': use one of ${BACKBONE_NAMES.join(', ')}`);
  }
  const [dir, query] = rest.split('?');
  const params = new URLSearchParams(query ?? '');
  for (const key of params.keys()) {
    if (!['layer', 'normalize', 'size'].includes(key)) throw new Error(`backbone '${spec}': unknown option '${key}' (layer, normalize, size)`);
  }
  const normalize = params.get('normalize') ?? 'unit';
  if (!isPixelNorm(normalize)) throw new Error(`backbone '${spec}': normalize must be one of ${PIXEL_NORMS.join(', ')}, got '${normalize}'`);
  if (!existsSync(join(dir, 'model.json'))) throw new Error(`backbone '${spec}': ${join(dir, 'model.json')} not found`);
  const size = params.get('size');
  if (size !== null && !/^[1-9][0-9]*$/.test(size)) throw new Error(`backbone '${spec}': size must be a positive integer, got '${size}'`);
  return TfjsModelBackbone.load(dir, {
    layer: params.get('layer') ?? undefined,
    normalize,
    inputSize: size ? Number(size) : undefined,
    onWarning: opts.onWarning,
  });
}
