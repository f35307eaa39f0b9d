/**
 * `tfjs-model:<dir>[?layer=<name>&normalize=unit|imagenet|symmetric|caffe&size=N]`:
 * any TensorFlow.js LayersModel or GraphModel saved in a LOCAL folder
 * (model.json plus weight shards), loaded through a small file IO handler (no
 * fetch). The input size is read from the model's input shape (`size` when
 * the shape leaves it open). Pixels are scaled by the `normalize` preset
 * (pixel_norm.ts; `unit` by default). With `layer=`, features come from that
 * intermediate layer (LayersModel only); any output with spatial axes is
 * global-average-pooled. The name, which prepare records in the manifest and
 * search re-creates the backbone from, states every option, so a photo query
 * is scaled exactly as the stored images were. The first batch embedded is
 * checked for a wrong preset (input_check.ts); non-finite features are an error.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../backend/index.js';
import { CHECK_IMAGES, featureWarning, presetFits, presetWarning } from './input_check.js';
import { normalizePixels, type PixelNorm } from './pixel_norm.js';
import { checkInput, type ImageBackbone, type RawImage } from './types.js';

export interface TfjsModelOptions {
  /** Intermediate layer whose output is the feature (LayersModel only). */
  layer?: string;
  normalize?: PixelNorm;
  /** Used when the model's input shape leaves the size open. Default 224. */
  inputSize?: number;
  /** Where the first batch's warnings go. Default: stderr. */
  onWarning?: (message: string) => void;
}

function warnOnStderr(message: string): void {
  process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}warning: ${message}\n`);
}

/** An IOHandler reading model.json and its shards from a local folder. */
export function fileHandler(dir: string): tf.io.IOHandler {
  return {
    load: async () => {
      const jsonPath = join(dir, 'model.json');
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(readFileSync(jsonPath, 'utf8'));
      } catch (err) {
        throw new Error(`cannot read TensorFlow.js model ${jsonPath}: ${(err as Error).message}`);
      }
      const manifest = (json.weightsManifest ?? []) as tf.io.WeightsManifestConfig;
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of manifest) {
        specs.push(...group.weights);
        for (const p of group.paths) buffers.push(readFileSync(join(dir, p)));
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: json.modelTopology as tf.io.ModelArtifacts['modelTopology'],
        format: json.format as string | undefined,
        generatedBy: json.generatedBy as string | undefined,
        convertedBy: json.convertedBy as string | undefined,
        signature: json.signature as object | undefined,
        userDefinedMetadata: json.userDefinedMetadata as Record<string, {}> | undefined,
        modelInitializer: json.modelInitializer as object | undefined,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

export class TfjsModelBackbone implements ImageBackbone {
  private checked = false;

  private constructor(
    readonly name: string,
    private readonly model: tf.LayersModel | tf.GraphModel,
    readonly inputSize: number,
    readonly featureDim: number,
    readonly normalize: PixelNorm,
    private readonly onWarning: (message: string) => void,
  ) {}

  static async load(dir: string, opts: TfjsModelOptions = {}): Promise<TfjsModelBackbone> {
    await initBackend();
    const abs = resolve(dir);
    const json = JSON.parse(readFileSync(join(abs, 'model.json'), 'utf8')) as { format?: string };
    let model: tf.LayersModel | tf.GraphModel;
    let inputShape: Array<number | null>;
    if (json.format === 'graph-model') {
      if (opts.layer) throw new Error(`tfjs-model ${abs}: 'layer=' needs a LayersModel; this is a GraphModel`);
      const g = await tf.loadGraphModel(fileHandler(abs));
      model = g;
      // A graph marks an open dimension -1 where a LayersModel says null.
      inputShape = (g.inputs[0].shape ?? []).map((d) => (d === -1 ? null : d));
    } else {
      let m = await tf.loadLayersModel(fileHandler(abs));
      if (opts.layer) {
        let layer: tf.layers.Layer;
        try {
          layer = m.getLayer(opts.layer);
        } catch {
          throw new Error(`tfjs-model ${abs}: no layer '${opts.layer}' (layers: ${m.layers.map((l) => l.name).slice(-8).join(', ')}, ...)`);
        }
        m = tf.model({ inputs: m.inputs, outputs: layer.output as tf.SymbolicTensor });
      }
      model = m;
      inputShape = m.inputs[0].shape;
    }
    if (inputShape.length !== 4 || (inputShape[3] !== null && inputShape[3] !== 3)) {
      throw new Error(`tfjs-model ${abs}: input shape ${JSON.stringify(inputShape)} is not [N, H, W, 3]`);
    }
    const size = inputShape[1] ?? opts.inputSize ?? 224;
    if (inputShape[2] !== null && inputShape[2] !== size) throw new Error(`tfjs-model ${abs}: non-square input ${JSON.stringify(inputShape)}`);
    // Probe once for the feature size.
    const probe = tf.tidy(() => pool(run(model, tf.zeros([1, size, size, 3]))));
    const featureDim = probe.shape[1] as number;
    probe.dispose();
    const normalize = opts.normalize ?? 'unit';
    const query = new URLSearchParams();
    if (opts.layer) query.set('layer', opts.layer);
    query.set('normalize', normalize);
    if (inputShape[1] === null) query.set('size', String(size));
    const name = `tfjs-model:${abs}?${query}`;
    return new TfjsModelBackbone(name, model, size, featureDim, normalize, opts.onWarning ?? warnOnStderr);
  }

  async embed(images: RawImage[]): Promise<Float32Array> {
    checkInput(this, images);
    const S = this.inputSize;
    const out = tf.tidy(() => pool(run(this.model, tf.tensor4d(normalizePixels(images, this.normalize), [images.length, S, S, 3]))));
    const data = (await out.data()) as Float32Array;
    out.dispose();
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new Error(`${this.name}: image ${Math.floor(bad / this.featureDim)} of the batch gives a non-finite feature (${data[bad]}): check the model and its normalize preset (docs/backbones.md)`);
    }
    if (!this.checked && images.length > 0) {
      this.checked = true;
      this.checkFirstBatch(images.slice(0, CHECK_IMAGES), data.subarray(0, CHECK_IMAGES * this.featureDim));
    }
    return data;
  }

  private checkFirstBatch(images: RawImage[], features: Float32Array): void {
    const warnings = [featureWarning(this.name, this.normalize, features, images)];
    if (this.model instanceof tf.LayersModel) {
      const probed = presetFits(this.model, images, this.inputSize);
      if (probed) warnings.push(presetWarning(this.name, this.normalize, probed.layerName, probed.fits));
    }
    for (const w of warnings) if (w) this.onWarning(w);
  }

  dispose(): void {
    this.model.dispose();
  }
}

function run(model: tf.LayersModel | tf.GraphModel, x: tf.Tensor): tf.Tensor {
  const y = model.predict(x);
  if (Array.isArray(y)) return y[0];
  if (y instanceof tf.Tensor) return y;
  return Object.values(y as tf.NamedTensorMap)[0];
}

/** [N, ...spatial, C] -> [N, C] by averaging the spatial axes. */
function pool(y: tf.Tensor): tf.Tensor2D {
  if (y.rank === 2) return y as tf.Tensor2D;
  const axes = [...Array(y.rank - 2).keys()].map((a) => a + 1);
  return y.mean(axes) as tf.Tensor2D;
}
