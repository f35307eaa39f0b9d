/**
 * Catching a backbone fed the wrong input scaling, from a few real images.
 *
 * A LayersModel with batch normalisation carries the statistics of its
 * training input: each BatchNormalization layer stores the moving mean and
 * variance, per channel, of what reached it during training. The first such
 * layer sits a convolution or two after the pixels, so comparing what reaches
 * it from the dataset's images with those stored statistics says whether the
 * pixels are scaled as in training. Every preset is tried on the same images,
 * so a warning can name the one that fits. A preset is off when the median
 * over channels of |log10(E[a²] / E_train[a²])| is above 0.5 or that of
 * |mean − moving mean| / moving std above 1, or when another preset is three
 * times closer (docs/backbones.md §4).
 *
 * Models without batch normalisation statistics (a GraphModel folds them into
 * its convolutions) get only the checks on the features themselves.
 */
import * as tf from '@tensorflow/tfjs';
import { normalizePixels, PIXEL_NORMS, type PixelNorm } from './pixel_norm.js';
import type { RawImage } from './types.js';

export const MAX_MOMENT_LOG_RATIO = 0.5;
export const MAX_MEAN_Z = 1;
/** Images of the first batch the check looks at. */
export const CHECK_IMAGES = 8;

/** How far the activations entering a BatchNormalization layer are from its training statistics. */
export interface StatisticsFit {
  /** Median over channels of |log10(E[a²] / (moving variance + moving mean²))|. */
  momentLogRatio: number;
  /** Median over channels of |mean − moving mean| / sqrt(moving variance). */
  meanZ: number;
}

/** Another preset this many times closer makes the chosen one suspect. */
export const CLOSER_FACTOR = 3;

export function fits(f: StatisticsFit): boolean {
  return f.momentLogRatio <= MAX_MOMENT_LOG_RATIO && f.meanZ <= MAX_MEAN_Z;
}

/** Distance from the training statistics in units of the thresholds: at most 2 when `fits`. */
export function distance(f: StatisticsFit): number {
  return f.momentLogRatio / MAX_MOMENT_LOG_RATIO + f.meanZ / MAX_MEAN_Z;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/** Per-channel mean and variance of the activations [..., C] compared with a layer's stored statistics. */
export function statisticsFit(mean: ArrayLike<number>, variance: ArrayLike<number>, movingMean: ArrayLike<number>, movingVariance: ArrayLike<number>): StatisticsFit {
  const EPS = 1e-12;
  const ratios: number[] = [];
  const zs: number[] = [];
  for (let c = 0; c < mean.length; c++) {
    ratios.push(Math.abs(Math.log10((variance[c] + mean[c] ** 2 + EPS) / (movingVariance[c] + movingMean[c] ** 2 + EPS))));
    zs.push(Math.abs(mean[c] - movingMean[c]) / Math.sqrt(movingVariance[c] + EPS));
  }
  return { momentLogRatio: median(ratios), meanZ: median(zs) };
}

/** The model up to the input of its first BatchNormalization layer, with that layer's stored statistics. */
interface BatchNormReference {
  layerName: string;
  probe: tf.LayersModel;
  movingMean: Float32Array;
  movingVariance: Float32Array;
}

function firstBatchNorm(model: tf.LayersModel): BatchNormReference | undefined {
  const layer = model.layers.find((l) => l.getClassName() === 'BatchNormalization');
  if (!layer) return undefined;
  const axis = (layer.getConfig() as { axis?: number }).axis ?? -1;
  const stored = new Map(layer.weights.map((w, i) => [w.originalName.split('/').pop(), layer.getWeights()[i]]));
  const movingMean = stored.get('moving_mean');
  const movingVariance = stored.get('moving_variance');
  const input = layer.inboundNodes[0]?.inputTensors[0];
  if (!movingMean || !movingVariance || !input || (axis !== -1 && axis !== input.shape.length - 1)) return undefined;
  return {
    layerName: layer.name,
    probe: tf.model({ inputs: model.inputs, outputs: input }),
    movingMean: movingMean.dataSync() as Float32Array,
    movingVariance: movingVariance.dataSync() as Float32Array,
  };
}

/** The fit of every preset on these images (size × size RGB), or undefined without batch normalisation statistics. */
export function presetFits(model: tf.LayersModel, images: RawImage[], size: number): { layerName: string; fits: Record<PixelNorm, StatisticsFit> } | undefined {
  const ref = firstBatchNorm(model);
  if (!ref) return undefined;
  const result = {} as Record<PixelNorm, StatisticsFit>;
  for (const norm of PIXEL_NORMS) {
    const [mean, variance] = tf.tidy(() => {
      const a = ref.probe.predict(tf.tensor4d(normalizePixels(images, norm), [images.length, size, size, 3])) as tf.Tensor;
      const { mean, variance } = tf.moments(a, [...Array(a.rank - 1).keys()]);
      return [mean.dataSync(), variance.dataSync()];
    });
    result[norm] = statisticsFit(mean, variance, ref.movingMean, ref.movingVariance);
  }
  return { layerName: ref.layerName, fits: result };
}

const describe = (norm: PixelNorm, f: StatisticsFit) =>
  `normalize=${norm}: second moments 10^${f.momentLogRatio.toFixed(2)} times off, means ${f.meanZ.toFixed(2)} std away`;

/**
 * A warning when `chosen` does not fit the first BatchNormalization layer's
 * training statistics, or another preset fits them far better; undefined otherwise.
 */
export function presetWarning(backbone: string, chosen: PixelNorm, layerName: string, all: Record<PixelNorm, StatisticsFit>): string | undefined {
  const best = PIXEL_NORMS.reduce((a, b) => (distance(all[b]) < distance(all[a]) ? b : a));
  const farBetter = distance(all[best]) * CLOSER_FACTOR < distance(all[chosen]) && distance(all[chosen]) > 0.5;
  if (fits(all[chosen]) && !farBetter) return undefined;
  const advice = best !== chosen && fits(all[best])
    ? `normalize=${best} fits (${describe(best, all[best])}): the model probably expects that input`
    : 'no preset fits: check what input the model expects';
  return `${backbone}: the dataset's images reach layer '${layerName}' ${fits(all[chosen]) ? 'further' : 'far'} from the statistics it was trained with (${describe(chosen, all[chosen])}); ${advice} (docs/backbones.md)`;
}

/** Problems visible in the features of a batch alone: all zero, or the same vector for different images. */
export function featureWarning(backbone: string, norm: PixelNorm, features: Float32Array, images: RawImage[]): string | undefined {
  const n = images.length;
  const dim = features.length / n;
  if (features.every((v) => v === 0)) return `${backbone}: every feature of the first ${n} image(s) is 0 with normalize=${norm} (docs/backbones.md)`;
  if (n < 2 || images.every((im) => im.data.every((v, i) => v === images[0].data[i]))) return undefined;
  let spread = 0;
  let scale = 0;
  for (let j = 0; j < dim; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = features[i * dim + j];
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    spread = Math.max(spread, hi - lo);
    scale = Math.max(scale, Math.abs(lo), Math.abs(hi));
  }
  if (spread <= 1e-6 * scale) return `${backbone}: ${n} different images give the same features with normalize=${norm}: the model is saturated or ignores its input (docs/backbones.md)`;
  return undefined;
}
