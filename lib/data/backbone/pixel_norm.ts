/**
 * How RGB bytes become a model's input tensor. A pretrained network only
 * works on the input scaling it was trained with, and each model family has
 * its own (docs/backbones.md names the right one for each):
 *  - `unit`: RGB / 255, in [0, 1] (TF Hub / Kaggle feature-vector models, darknet-tiny);
 *  - `imagenet`: (RGB / 255 − mean) / std with the ImageNet mean
 *    [0.485, 0.456, 0.406] and std [0.229, 0.224, 0.225] (torchvision-style);
 *  - `symmetric`: RGB / 127.5 − 1, in [−1, 1] (Keras MobileNet, Inception, ResNet V2);
 *  - `caffe`: channels reordered to BGR, 0–255 minus the ImageNet means
 *    B 103.939, G 116.779, R 123.68, not scaled (Keras ResNet50/101/152, VGG).
 */
import type { RawImage } from './types.js';

export const PIXEL_NORMS = ['unit', 'imagenet', 'symmetric', 'caffe'] as const;
export type PixelNorm = (typeof PIXEL_NORMS)[number];

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];
/** In B, G, R order, as the caffe-style input is. */
const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68];

export function isPixelNorm(s: string): s is PixelNorm {
  return (PIXEL_NORMS as readonly string[]).includes(s);
}

/** The images' pixels under `norm`, row-major [N, H, W, 3]. */
export function normalizePixels(images: RawImage[], norm: PixelNorm): Float32Array {
  const total = images.reduce((n, im) => n + im.data.length, 0);
  const out = new Float32Array(total);
  let o = 0;
  for (const { data } of images) {
    for (let p = 0; p < data.length; p += 3, o += 3) {
      for (let c = 0; c < 3; c++) {
        const v = data[p + c];
        switch (norm) {
          case 'unit': out[o + c] = v / 255; break;
          case 'imagenet': out[o + c] = (v / 255 - IMAGENET_MEAN[c]) / IMAGENET_STD[c]; break;
          case 'symmetric': out[o + c] = v / 127.5 - 1; break;
          case 'caffe': out[o + 2 - c] = v - CAFFE_MEAN_BGR[2 - c]; break;
        }
      }
    }
  }
  return out;
}
