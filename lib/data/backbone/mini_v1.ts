/**
 * `mini-v1`: the default offline image backbone, for recipe1m-mini and tests.
 * Deterministic, no download, no training, pure JavaScript. Input 64×64 RGB.
 * A 336-d vector made of five blocks, each normalised on its own:
 *  1. colour: HSV histogram (12 hues × 3 values × 2 saturations + 4 greys =
 *     76 bins) of the whole image and of its central 32×32 region (152);
 *  2. shape: gradient-orientation histograms (8 unsigned orientations,
 *     magnitude-weighted) of the whole image and its 4 quadrants, plus a
 *     4-bin edge-strength histogram (44);
 *  3. texture: rotation-invariant uniform local binary patterns (10 bins) of
 *     the whole image and the centre (20);
 *  4. a fixed bank of 24 seeded random 3×3×3 convolution filters (zero-mean)
 *     on the 32×32 downsampled image, ReLU, pooled by mean over the image,
 *     mean over the centre and max over the image (72);
 *  5. layout: mean RGB of a 4×4 grid (48).
 * Histograms are L1-normalised then square-rooted (Hellinger), the filter
 * block is L2-normalised, the layout block is scaled to [0, 1]; the whole
 * vector is then L2-normalised. Ingredients differ by colour, piece shape
 * and texture, which blocks 1–4 see; the vessel and plating show in 2 and 5.
 */
import { Random } from '../../util/random.js';
import { checkInput, type ImageBackbone, type RawImage } from './types.js';

const SIZE = 64;
const HSV_BINS = 76;
const N_FILTERS = 24;
export const MINI_V1_DIM = 2 * HSV_BINS + 44 + 20 + 3 * N_FILTERS + 48;

// Seeded filter bank: 24 × (3×3×3) weights, zero-mean, unit norm, and a small bias.
const FILTERS: Float32Array = (() => {
  const rng = new Random(20180708);
  const f = new Float32Array(N_FILTERS * 27);
  for (let k = 0; k < N_FILTERS; k++) {
    let mean = 0;
    for (let i = 0; i < 27; i++) mean += (f[k * 27 + i] = rng.normal());
    mean /= 27;
    let norm = 0;
    for (let i = 0; i < 27; i++) norm += (f[k * 27 + i] -= mean) ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < 27; i++) f[k * 27 + i] /= norm;
  }
  return f;
})();

// LBP: 8-bit pattern -> riu2 bin (0..8 = number of ones for uniform patterns, 9 = non-uniform).
const LBP_BIN: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let p = 0; p < 256; p++) {
    let transitions = 0, ones = 0;
    for (let i = 0; i < 8; i++) {
      const a = (p >> i) & 1, b = (p >> ((i + 1) % 8)) & 1;
      if (a !== b) transitions++;
      ones += a;
    }
    t[p] = transitions <= 2 ? ones : 9;
  }
  return t;
})();

function hsvBin(r: number, g: number, b: number): number {
  const max = Math.max(r, g, b), min = Math.min(r, g, b);
  const v = max / 255, s = max === 0 ? 0 : (max - min) / max;
  if (s < 0.18) return 72 + Math.min(3, Math.floor(v * 4));
  let h: number;
  const d = max - min;
  if (max === r) h = ((g - b) / d + 6) % 6;
  else if (max === g) h = (b - r) / d + 2;
  else h = (r - g) / d + 4;
  const hb = Math.min(11, Math.floor(h * 2));
  const vb = Math.min(2, Math.floor(v * 3));
  const sb = s < 0.55 ? 0 : 1;
  return (hb * 3 + vb) * 2 + sb;
}

function hellinger(x: Float32Array, from: number, to: number): void {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i];
  if (s > 0) for (let i = from; i < to; i++) x[i] = Math.sqrt(x[i] / s);
}

/** The mini-v1 features of one 64×64 RGB image, written at out[offset..offset+MINI_V1_DIM). */
export function miniV1Features(img: RawImage, out: Float32Array, offset: number): void {
  const px = img.data;
  const f = out.subarray(offset, offset + MINI_V1_DIM);
  f.fill(0);
  const inCentre = (x: number, y: number) => x >= 16 && x < 48 && y >= 16 && y < 48;
  // 1. colour histograms.
  const grey = new Float32Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = (y * SIZE + x) * 3;
      const bin = hsvBin(px[i], px[i + 1], px[i + 2]);
      f[bin]++;
      if (inCentre(x, y)) f[HSV_BINS + bin]++;
      grey[y * SIZE + x] = 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2];
    }
  }
  hellinger(f, 0, HSV_BINS);
  hellinger(f, HSV_BINS, 2 * HSV_BINS);
  // 2. gradient orientations.
  const g0 = 2 * HSV_BINS;
  for (let y = 1; y < SIZE - 1; y++) {
    for (let x = 1; x < SIZE - 1; x++) {
      const gx = grey[y * SIZE + x + 1] - grey[y * SIZE + x - 1];
      const gy = grey[(y + 1) * SIZE + x] - grey[(y - 1) * SIZE + x];
      const mag = Math.hypot(gx, gy);
      if (mag < 1) continue;
      const o = Math.min(7, Math.floor(((Math.atan2(gy, gx) + Math.PI) % Math.PI) / (Math.PI / 8)));
      const q = 1 + (y < 32 ? 0 : 2) + (x < 32 ? 0 : 1);
      f[g0 + o] += mag;
      f[g0 + q * 8 + o] += mag;
      f[g0 + 40 + Math.min(3, Math.floor(Math.log2(1 + mag) / 2))]++;
    }
  }
  for (let r = 0; r < 5; r++) hellinger(f, g0 + r * 8, g0 + r * 8 + 8);
  hellinger(f, g0 + 40, g0 + 44);
  // 3. LBP.
  const l0 = g0 + 44;
  const dx = [-1, 0, 1, 1, 1, 0, -1, -1], dy = [-1, -1, -1, 0, 1, 1, 1, 0];
  for (let y = 1; y < SIZE - 1; y++) {
    for (let x = 1; x < SIZE - 1; x++) {
      const c = grey[y * SIZE + x] + 2; // a small threshold ignores sensor noise
      let p = 0;
      for (let k = 0; k < 8; k++) if (grey[(y + dy[k]) * SIZE + x + dx[k]] >= c) p |= 1 << k;
      const bin = LBP_BIN[p];
      f[l0 + bin]++;
      if (inCentre(x, y)) f[l0 + 10 + bin]++;
    }
  }
  hellinger(f, l0, l0 + 10);
  hellinger(f, l0 + 10, l0 + 20);
  // 4. random filters on the 32×32 image (values in [0, 1]).
  const c0 = l0 + 20;
  const S2 = 32;
  const small = new Float32Array(S2 * S2 * 3);
  for (let y = 0; y < S2; y++) {
    for (let x = 0; x < S2; x++) {
      for (let ch = 0; ch < 3; ch++) {
        const a = (2 * y * SIZE + 2 * x) * 3 + ch;
        small[(y * S2 + x) * 3 + ch] = (px[a] + px[a + 3] + px[a + SIZE * 3] + px[a + SIZE * 3 + 3]) / 1020;
      }
    }
  }
  const patch = new Float32Array(27);
  let centreCount = 0;
  for (let y = 1; y < S2 - 1; y++) {
    for (let x = 1; x < S2 - 1; x++) {
      let j = 0;
      for (let ky = -1; ky <= 1; ky++) for (let kx = -1; kx <= 1; kx++) for (let ch = 0; ch < 3; ch++) patch[j++] = small[((y + ky) * S2 + x + kx) * 3 + ch];
      const centre = x >= 8 && x < 24 && y >= 8 && y < 24;
      if (centre) centreCount++;
      for (let k = 0; k < N_FILTERS; k++) {
        let s = 0;
        for (let i = 0; i < 27; i++) s += FILTERS[k * 27 + i] * patch[i];
        if (s <= 0) continue;
        f[c0 + k] += s;
        if (centre) f[c0 + N_FILTERS + k] += s;
        if (s > f[c0 + 2 * N_FILTERS + k]) f[c0 + 2 * N_FILTERS + k] = s;
      }
    }
  }
  for (let k = 0; k < N_FILTERS; k++) {
    f[c0 + k] /= (S2 - 2) * (S2 - 2);
    f[c0 + N_FILTERS + k] /= centreCount;
  }
  let n2 = 0;
  for (let i = c0; i < c0 + 3 * N_FILTERS; i++) n2 += f[i] * f[i];
  n2 = Math.sqrt(n2) || 1;
  for (let i = c0; i < c0 + 3 * N_FILTERS; i++) f[i] /= n2;
  // 5. layout: 4×4 grid of mean colours.
  const p0 = c0 + 3 * N_FILTERS;
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const cell = (y >> 4) * 4 + (x >> 4);
      const i = (y * SIZE + x) * 3;
      for (let ch = 0; ch < 3; ch++) f[p0 + cell * 3 + ch] += px[i + ch] / (255 * 256);
    }
  }
  let norm = 0;
  for (let i = 0; i < MINI_V1_DIM; i++) norm += f[i] * f[i];
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < MINI_V1_DIM; i++) f[i] /= norm;
}

export class MiniV1Backbone implements ImageBackbone {
  readonly name = 'mini-v1';
  readonly featureDim = MINI_V1_DIM;
  readonly inputSize = SIZE;

  async embed(images: RawImage[]): Promise<Float32Array> {
    checkInput(this, images);
    const out = new Float32Array(images.length * MINI_V1_DIM);
    images.forEach((im, i) => miniV1Features(im, out, i * MINI_V1_DIM));
    return out;
  }

  dispose(): void {}
}
