/**
 * Kernels that training needs on wasm (docs/stack.md §1.2, §1.3, §1.6): one it
 * lacks (UnsortedSegmentSum), and faster versions of some it has (each says why).
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { product, type WasmBackendLike } from './wasm_heap.js';

/** The gradient of tf.gather (the word embedding) needs it; wasm lacks it. */
export const unsortedSegmentSumKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as unknown as WasmBackendLike;
  const x = inputs.x as TensorInfo;
  const ids = inputs.segmentIds as TensorInfo;
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const n = ids.shape.reduce((p, s) => p * s, 1);
  const inner = x.shape.slice(ids.shape.length).reduce((p, s) => p * s, 1);
  const xv = b.readSync(x.dataId);
  const iv = b.readSync(ids.dataId);
  const out = b.makeOutput([numSegments, ...x.shape.slice(ids.shape.length)], x.dtype);
  const ov = b.typedArrayFromHeap(out);
  ov.fill(0);
  for (let i = 0; i < n; i++) {
    const seg = iv[i];
    // TensorFlow drops out-of-range segment ids rather than failing.
    if (seg < 0 || seg >= numSegments) continue;
    const src = i * inner;
    const dst = seg * inner;
    for (let j = 0; j < inner; j++) ov[dst + j] += xv[src + j];
  }
  return out;
};

/**
 * The wasm GatherV2 kernel costs about 37 ns per gathered value (10,000 rows
 * of a [30000, 300] embedding: 112 ms); copying whole rows from the heap
 * costs about 3 ms. Handles batchDims 0 on any axis; others go to `fallback`.
 */
export function gatherRows(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const indices = args.inputs.indices as TensorInfo;
    const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
    if (batchDims !== 0 || x.dtype === 'string' || indices.dtype !== 'int32') return fallback(args);
    const ax = axis < 0 ? axis + x.shape.length : axis;
    const outer = product(x.shape.slice(0, ax));
    const size = x.shape[ax];
    const inner = product(x.shape.slice(ax + 1));
    const n = product(indices.shape);
    const b = args.backend as unknown as WasmBackendLike;
    const out = b.makeOutput([...x.shape.slice(0, ax), ...indices.shape, ...x.shape.slice(ax + 1)], x.dtype);
    const xv = b.typedArrayFromHeap(x);
    const iv = b.typedArrayFromHeap(indices);
    const ov = b.typedArrayFromHeap(out);
    for (let k = 0; k < n; k++) {
      if (!(iv[k] >= 0 && iv[k] < size)) {
        b.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${iv[k]} is not in [0, ${size - 1}]`);
      }
    }
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < n; k++) {
        const src = (o * size + iv[k]) * inner;
        const dst = (o * n + k) * inner;
        if (inner < 16) for (let j = 0; j < inner; j++) ov[dst + j] = xv[src + j];
        else ov.set(xv.subarray(src, src + inner), dst);
      }
    }
    return out;
  };
}

/**
 * The wasm Identity kernel (tf.clone, and every tensor a custom gradient
 * saves) copies its input; the cpu backend shares the buffer, as the wasm
 * Reshape already does. No wasm kernel writes into its inputs, so sharing
 * is safe, and it saved about 90 ms of copies per hierarchical step.
 */
export function identityShared(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string') return fallback(args);
    (args.backend as unknown as WasmBackendLike).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
}

/**
 * The wasm Sum reduces the last axes only, so a sum over leading axes (the
 * bias gradient: dZ [Σn, 4H] summed over rows) transposes the whole input
 * first. As ones[1, rows] · X[rows, cols] it is one pass of the current
 * matMul kernel (OpenBLAS or wasm) instead. Other reductions go to `fallback`.
 */
export function sumLeadingAxes(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
    const k = axes.length;
    const matMul = tf.getKernel('BatchMatMul', 'wasm');
    if (!matMul || x.dtype !== 'float32' || k === 0 || k >= rank || axes.some((a, i) => a !== i)) return fallback(args);
    const rows = product(x.shape.slice(0, k));
    const cols = product(x.shape.slice(k));
    if (rows * cols === 0) return fallback(args);
    const b = args.backend as unknown as WasmBackendLike;
    const ones = b.makeOutput([1, rows], 'float32');
    (b.typedArrayFromHeap(ones) as Float32Array).fill(1);
    const flat: TensorInfo = { dataId: x.dataId, shape: [rows, cols], dtype: 'float32' };
    const out = matMul.kernelFunc({ inputs: { a: ones, b: flat }, backend: args.backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
    b.disposeData(ones.dataId);
    // Like the wasm Reshape: same buffer, new shape.
    return { dataId: out.dataId, shape: keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k), dtype: 'float32' };
  };
}

/**
 * The wasm matMul is 7-40x slower with transposeA/transposeB than with an
 * explicit transpose first, and matMul's gradient always uses those flags.
 * The wrapper transposes the operand(s), then calls the plain kernel.
 */
function transposeFirst(original: KernelFunc, transpose: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const a = attrs as NamedAttrMap & { transposeA: boolean; transposeB: boolean };
    if (!a.transposeA && !a.transposeB) return original({ inputs, backend, attrs });
    const b = backend as unknown as WasmBackendLike;
    const temps: TensorInfo[] = [];
    const swapLast = (t: TensorInfo): TensorInfo => {
      const r = t.shape.length;
      const perm = [...Array(r - 2).keys(), r - 1, r - 2];
      const out = transpose({ inputs: { x: t }, backend, attrs: { perm } }) as TensorInfo;
      temps.push(out);
      return out;
    };
    const newInputs = { ...inputs };
    if (a.transposeA) newInputs.a = swapLast(inputs.a as TensorInfo);
    if (a.transposeB) newInputs.b = swapLast(inputs.b as TensorInfo);
    const out = original({
      inputs: newInputs,
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    for (const t of temps) b.disposeData(t.dataId);
    return out;
  };
}

/**
 * wasm's own Slice copies its WHOLE input out of the heap (readSync) on
 * every call, so taking a few rows of a large tensor costs the large
 * tensor (an LSTM over packed sequences slices its inputs once per step).
 * This one reads the heap in place and copies only the output's rows.
 */
export const sliceKernel = (original: KernelFunc): KernelFunc => (args) => {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  if (x.dtype !== 'float32' && x.dtype !== 'int32' && x.dtype !== 'bool') return original(args);
  const rank = x.shape.length;
  if (rank === 0) return original(args);
  const a = attrs as unknown as { begin: number | number[]; size?: number | number[] };
  const [begin, size] = tf.slice_util.parseSliceParams(x as unknown as tf.Tensor, a.begin, a.size);
  const b = backend as unknown as WasmBackendLike;
  const out = b.makeOutput(size, x.dtype);
  const total = size.reduce((p, d) => p * d, 1);
  if (total === 0) return out;
  // Views taken after makeOutput: allocating may grow (and detach) the heap.
  const xv = b.typedArrayFromHeap(x);
  const ov = b.typedArrayFromHeap(out);
  const strides = x.shape.map((_, d) => x.shape.slice(d + 1).reduce((p, s) => p * s, 1));
  const inner = size[rank - 1];
  const index = new Array(rank - 1).fill(0);
  for (let row = 0; row < total / inner; row++) {
    let from = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) from += (begin[d] + index[d]) * strides[d];
    ov.set(xv.subarray(from, from + inner), row * inner);
    for (let d = rank - 2; d >= 0; d--) {
      if (++index[d] < size[d]) break;
      index[d] = 0;
    }
  }
  return out;
};

/**
 * The wasm Tanh kernel is scalar libm code, about 12x slower per element
 * than its vectorised Sigmoid (bench/kernel_rates.ts), and the LSTM cells
 * call it on every step. tanh(x) = 2·sigmoid(2x) − 1, with the doubling and
 * the affine map done in place on the heap. Absolute error stays within a
 * couple of float32 ulps of 1 (relative error grows only as |x| → 0, where
 * the absolute error is what reaches the gradients).
 */
export function tanhViaSigmoid(sigmoid: KernelFunc, fallback: KernelFunc): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype !== 'float32' || product(x.shape) === 0) return fallback(args);
    const b = args.backend as unknown as WasmBackendLike;
    const doubled = b.makeOutput(x.shape, 'float32');
    const xv = b.typedArrayFromHeap(x) as Float32Array;
    const dv = b.typedArrayFromHeap(doubled) as Float32Array;
    for (let i = 0; i < dv.length; i++) dv[i] = 2 * xv[i];
    const out = sigmoid({ inputs: { x: doubled }, backend: args.backend, attrs: args.attrs }) as TensorInfo;
    b.disposeData(doubled.dataId);
    const ov = b.typedArrayFromHeap(out) as Float32Array;
    for (let i = 0; i < ov.length; i++) ov[i] = 2 * ov[i] - 1;
    return out;
  };
}

/** Re-registers a wasm kernel as `make(original)`, keeping its setup and dispose hooks. */
export function replaceKernel(name: string, make: (original: KernelFunc) => KernelFunc): void {
  const original = tf.getKernel(name, 'wasm');
  if (!original) return;
  const saved: KernelConfig = { ...original };
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...saved, kernelFunc: make(saved.kernelFunc) });
}

/** Registers the kernels above on the wasm backend (initBackend does, once, when it first loads wasm). */
export function registerWasmKernels(): void {
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) {
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumKernel });
  }
  replaceKernel('Slice', sliceKernel);
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) throw new Error('the wasm backend has no Transpose kernel');
  const sigmoid = tf.getKernel('Sigmoid', 'wasm');
  if (sigmoid) replaceKernel('Tanh', (original) => tanhViaSigmoid(sigmoid.kernelFunc, original));
  replaceKernel('GatherV2', gatherRows);
  replaceKernel('Identity', identityShared);
  replaceKernel('Sum', sumLeadingAxes);
  for (const name of ['BatchMatMul', '_FusedMatMul']) replaceKernel(name, (original) => transposeFirst(original, transpose.kernelFunc));
}
