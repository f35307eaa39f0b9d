/**
 * The one module that chooses the TensorFlow.js backend. Everything else
 * imports `@tensorflow/tfjs` and calls `initBackend()` once at start-up.
 *
 * Order of preference: tfjs-node-gpu, tfjs-node (optional dependencies whose
 * install downloads libtensorflow, so they are often absent or incomplete),
 * then wasm. The environment variable RECIPE1M_BACKEND=cpu|wasm|node|node-gpu
 * forces one and fails with a clear message when it cannot be loaded. The
 * chosen backend says what it computes on (`device`) and why each preferred
 * one was passed over (`failures`); `backendLines` is how runs print it.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';

export type BackendName = 'cpu' | 'wasm' | 'node' | 'node-gpu';
export const BACKEND_NAMES: readonly BackendName[] = ['node-gpu', 'node', 'wasm', 'cpu'];

/** A backend that was tried and could not be used, and why (one short line). */
export interface BackendFailure {
  name: BackendName;
  reason: string;
}

export interface BackendInfo {
  /** Our name for it. */
  name: BackendName;
  /** The name TensorFlow.js registered it under. */
  tfBackend: string;
  /** Threads the backend computes with (wasm: XNNPACK's, 1 in Node, docs/stack.md §1.4; OpenBLAS's for wasm matMul when the native addon is loaded; tensorflow: one per core). */
  threads: number;
  /** Which code multiplies matrices: the backend's own kernels, or OpenBLAS through native/ (wasm only). */
  matMul?: 'backend' | 'openblas';
  /** What computes, for people: e.g. "GPU (CUDA), libtensorflow 2.9.1" or "cpu (wasm SIMD, 1 thread)". */
  device: string;
  /** Whether TensorFlow runs the ops on a GPU (tfjs-node-gpu that found CUDA and a device). */
  gpu: boolean;
  /** The preferred backends tried before this one, in order, and why each was not used. */
  failures: BackendFailure[];
}

let current: BackendInfo | undefined;

const NATIVE_PACKAGES: Record<'node' | 'node-gpu', string> = {
  node: '@tensorflow/tfjs-node',
  'node-gpu': '@tensorflow/tfjs-node-gpu',
};

/**
 * Why a tfjs-node package did not load, in one line a user can act on. The
 * two common cases (absent; installed without its install script, which
 * downloads libtensorflow and the binding) are named; anything else keeps
 * the first line of the error, which names the missing library.
 */
export function nativeLoadFailure(pkg: string, err: unknown): string {
  const e = err as { code?: string; message?: string };
  const message = String(e?.message ?? err);
  if ((e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') && message.includes(`'${pkg}'`)) return `${pkg} is not installed`;
  if (message.includes('tfjs_binding.node) can not be found')) {
    return `${pkg} is installed but its native binding is missing (its install script downloads libtensorflow; see README)`;
  }
  return `${pkg} did not load: ${message.split('\n')[0]}`;
}

/** The fields of tfjs-node's NodeJSKernelBackend that say where it computes. */
interface NodeBackendLike {
  isUsingGpuDevice?: boolean;
  binding?: { TF_Version?: string };
}

async function loadNative(name: 'node' | 'node-gpu'): Promise<Pick<BackendInfo, 'device' | 'gpu' | 'threads'>> {
  const pkg = NATIVE_PACKAGES[name];
  try {
    // A variable specifier keeps TypeScript from requiring the optional package's types.
    await import(pkg);
  } catch (err) {
    throw new Error(nativeLoadFailure(pkg, err));
  }
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but its backend did not initialise`);
  const b = tf.backend() as unknown as NodeBackendLike;
  const gpu = b.isUsingGpuDevice === true;
  const lib = `libtensorflow ${b.binding?.TF_Version ?? '(version unknown)'}`;
  let device = gpu ? `GPU (CUDA), ${lib}` : `CPU, ${lib}`;
  if (name === 'node-gpu' && !gpu) device += '; tfjs-node-gpu found no usable GPU (CUDA/cuDNN libraries not loadable, or no device: TensorFlow\'s own lines on stderr say which)';
  // TensorFlow's intra-op pool has one thread per core unless configured otherwise.
  return { device, gpu, threads: availableParallelism() };
}

async function loadWasm(): Promise<Pick<BackendInfo, 'device' | 'gpu' | 'threads' | 'matMul'>> {
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  registerWasmTrainingKernels();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const own = getThreadsCount();
  const device = `cpu (wasm${simd ? ' SIMD' : ', no SIMD'}, ${own} thread${own === 1 ? '' : 's'})`;
  return { device, gpu: false, threads: blasAddon ? blasAddon.threads() : own, matMul: blasAddon ? 'openblas' : 'backend' };
}

async function load(name: BackendName): Promise<Pick<BackendInfo, 'device' | 'gpu' | 'threads' | 'matMul'>> {
  if (name === 'node' || name === 'node-gpu') return loadNative(name);
  if (name === 'wasm') return loadWasm();
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
  return { device: 'cpu (JavaScript, 1 thread)', gpu: false, threads: 1 };
}

function parseForced(value: string | undefined): BackendName | undefined {
  if (value === undefined || value === '') return undefined;
  if ((BACKEND_NAMES as readonly string[]).includes(value)) return value as BackendName;
  throw new Error(`RECIPE1M_BACKEND=${value} is not a backend; use one of ${BACKEND_NAMES.join(', ')}`);
}

/**
 * Selects and initialises the backend once; later calls return the same info.
 * `prefer` (or RECIPE1M_BACKEND, which wins) forces one backend.
 */
export async function initBackend(prefer?: BackendName): Promise<BackendInfo> {
  const forced = parseForced(process.env.RECIPE1M_BACKEND) ?? prefer;
  if (current && (forced === undefined || forced === current.name)) return current;
  const candidates = forced ? [forced] : BACKEND_NAMES.filter((n) => n !== 'cpu');
  const failures: BackendFailure[] = [];
  for (const name of candidates) {
    try {
      const loaded = await load(name);
      current = { name, tfBackend: tf.getBackend(), matMul: 'backend', ...loaded, failures };
      return current;
    } catch (err) {
      failures.push({ name, reason: (err as Error).message.split('\n')[0] });
    }
  }
  const why = failures.map((f) => `${f.name}: ${f.reason}`).join('; ');
  if (forced) throw new Error(`RECIPE1M_BACKEND/backend '${forced}' cannot be loaded (${why})`);
  throw new Error(`no TensorFlow.js backend could be loaded (${why})`);
}

/** The backend chosen by initBackend, or an error if it was never called. */
export function backendInfo(): BackendInfo {
  if (!current) throw new Error('initBackend() has not been called');
  return current;
}

/** What computes, matMul included: "cpu (wasm SIMD, 1 thread), matMul through OpenBLAS (1 thread)". */
export function describeDevice(info: BackendInfo): string {
  const matMul = info.matMul === 'openblas' ? `, matMul through OpenBLAS (${info.threads} thread${info.threads === 1 ? '' : 's'})` : '';
  return `${info.device}${matMul}`;
}

/** The backend and its device: "wasm: cpu (wasm SIMD, 1 thread), matMul through OpenBLAS (1 thread)". */
export function describeBackend(info: BackendInfo): string {
  return `${info.name}: ${describeDevice(info)}`;
}

/** The backend line runs print, then one line per preferred backend that was not used, with the reason. */
export function backendLines(info: BackendInfo): string[] {
  return [`backend ${describeBackend(info)}`, ...info.failures.map((f) => `  ${f.name} not used: ${f.reason}`)];
}

export { setWasmPaths };

// ---------------------------------------------------------------------------
// Kernels that training needs on wasm (docs/stack.md §1.2, §1.3, §1.6): one it
// lacks (UnsortedSegmentSum), and faster versions of some it has (each says why).

let wasmKernelsRegistered = false;

interface WasmBackendLike {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
  incRef(dataId: object): void;
}

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
function transposeFirst(original: KernelConfig, transpose: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const a = attrs as NamedAttrMap & { transposeA: boolean; transposeB: boolean };
    if (!a.transposeA && !a.transposeB) return original.kernelFunc({ inputs, backend, attrs });
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
    const out = original.kernelFunc({
      inputs: newInputs,
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    for (const t of temps) b.disposeData(t.dataId);
    return out;
  };
}

// ---------------------------------------------------------------------------
// Optional native kernels (native/, built by `npm run build:native`): matMul
// through OpenBLAS, and the Adam update below.
// XNNPACK's wasm matMul runs on one thread at about 20 GFLOP/s; OpenBLAS's
// sgemm reads and writes the wasm heap in place and uses both cores.
// RECIPE1M_NATIVE_BLAS=0 disables it; RECIPE1M_NATIVE_BLAS=<path> loads that
// file (and fails loudly if it cannot). It runs on ONE thread unless
// OPENBLAS_NUM_THREADS says otherwise: on the 2-core machines measured
// (bench/native_matmul.ts), two threads were never faster than one, since
// the second core is busy with the rest of the process or other work.

interface BlasAddon {
  sgemm(a: Float32Array, b: Float32Array, c: Float32Array, batch: number, m: number, k: number, n: number, transA: boolean, transB: boolean, aStride: number, bStride: number): void;
  adam(x: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, x1: Float32Array, m1: Float32Array, v1: Float32Array, lr: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number, scale: number): void;
  setThreads(n: number): void;
  threads(): number;
}

const BLAS_ADDON_PATH = 'native/build/kernels.node';

/** The addon from RECIPE1M_NATIVE_BLAS, or native/build/ under the working directory or up to two folders above it (notebooks/). */
function loadBlasAddon(): BlasAddon | null {
  const env = process.env.RECIPE1M_NATIVE_BLAS;
  if (env === '0' || env === 'off') return null;
  const explicit = env !== undefined && env !== '' && env !== '1';
  const candidates = explicit ? [resolve(env)] : ['.', '..', '../..'].map((d) => resolve(process.cwd(), d, BLAS_ADDON_PATH));
  const path = candidates.find((p) => existsSync(p));
  if (!path) {
    if (explicit) throw new Error(`RECIPE1M_NATIVE_BLAS=${env}: no such file`);
    return null;
  }
  try {
    const module = { exports: {} as BlasAddon };
    process.dlopen(module, path);
    if (!process.env.OPENBLAS_NUM_THREADS) module.exports.setThreads(1);
    return module.exports;
  } catch (err) {
    if (explicit) throw new Error(`RECIPE1M_NATIVE_BLAS=${env}: ${(err as Error).message}`);
    console.warn(`${path} did not load (${(err as Error).message.split('\n')[0]}); using the wasm matMul (rebuild with npm run build:native)`);
    return null;
  }
}

let blasAddon: BlasAddon | null = null;
let blasEnabled = true;

/**
 * Switches the OpenBLAS matMul off (wasm kernels) or back on, at run time;
 * returns whether OpenBLAS is now in use (false when the addon is absent).
 * For benchmarks and tests that compare both paths in one process.
 */
export function useNativeMatMul(on: boolean): boolean {
  blasEnabled = on;
  if (current?.name === 'wasm') current.matMul = on && blasAddon ? 'openblas' : 'backend';
  return on && blasAddon !== null;
}

const product = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1);

/**
 * BatchMatMul (and _FusedMatMul without bias or activation) through sgemm,
 * transpose flags included (BLAS handles them at full speed). Shapes it does
 * not cover (non-float, empty, batch broadcasting other than 1 against n)
 * go to `fallback`, which also produces the shape errors.
 */
function blasMatMul(addon: BlasAddon, fallback: KernelFunc, fused: boolean): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const at = attrs as NamedAttrMap & { transposeA: boolean; transposeB: boolean; activation?: string };
    const a = inputs.a as TensorInfo;
    const b = inputs.b as TensorInfo;
    if (!blasEnabled) return fallback(args);
    if (fused && (inputs.bias || inputs.preluActivationWeights || (at.activation ?? 'linear') !== 'linear')) return fallback(args);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return fallback(args);
    const ra = a.shape.length;
    const rb = b.shape.length;
    const m = at.transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
    const k = at.transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
    const kb = at.transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
    const n = at.transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const batchA = product(outerA);
    const batchB = product(outerB);
    if (k !== kb || m * n * k === 0 || (batchA !== batchB && batchA !== 1 && batchB !== 1)) return fallback(args);
    const batch = Math.max(batchA, batchB);
    const outer = batchA >= batchB ? (outerA.length >= outerB.length || batchA !== batchB ? outerA : outerB) : outerB;
    const wasm = backend as unknown as WasmBackendLike;
    const out = wasm.makeOutput([...outer, m, n], 'float32');
    // Views taken after makeOutput: allocating may grow (and detach) the heap.
    const av = wasm.typedArrayFromHeap(a) as Float32Array;
    const bv = wasm.typedArrayFromHeap(b) as Float32Array;
    const cv = wasm.typedArrayFromHeap(out) as Float32Array;
    addon.sgemm(av, bv, cv, batch, m, k, n, at.transposeA, at.transposeB, batchA === 1 ? 0 : m * k, batchB === 1 ? 0 : k * n);
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

/**
 * One Adam step of one variable in a single vectorised pass of the native
 * addon (tfjs's Adam spends about 14 element-wise kernels, 14 passes over
 * memory, per variable). Registered only with the addon: a JavaScript loop
 * was no faster than tfjs's kernels. Inputs value, grad, m, v; attrs lr,
 * beta1, beta2, epsilon, c1 = 1 − beta1^t, c2 = 1 − beta2^t, scale
 * (multiplies the gradient: global-norm clipping). Returns new
 * [value, m, v] buffers (never writes its inputs, which other tensors may share).
 */
export const ADAM_UPDATE_KERNEL = 'Recipe1mAdamUpdate';

export interface AdamUpdateAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  c1: number;
  c2: number;
  scale: number;
}

function adamUpdateKernel(addon: BlasAddon): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const b = backend as unknown as WasmBackendLike;
    const { lr, beta1, beta2, epsilon, c1, c2, scale } = attrs as unknown as AdamUpdateAttrs;
    const ins = [inputs.value, inputs.grad, inputs.m, inputs.v] as TensorInfo[];
    const n = product(ins[0].shape);
    for (const t of ins) {
      if (t.dtype !== 'float32' || product(t.shape) !== n) throw new Error(`${ADAM_UPDATE_KERNEL}: expected float32 tensors of ${n} values, got ${t.dtype} [${t.shape}]`);
    }
    const outs = [0, 2, 3].map((k) => b.makeOutput(ins[k].shape, 'float32'));
    // Views taken after makeOutput: allocating may grow (and detach) the heap.
    const [x, g, m, v] = ins.map((t) => b.typedArrayFromHeap(t) as Float32Array);
    const [x1, m1, v1] = outs.map((t) => b.typedArrayFromHeap(t) as Float32Array);
    addon.adam(x, g, m, v, x1, m1, v1, lr, beta1, beta2, epsilon, c1, c2, scale);
    return outs;
  };
}

/**
 * A float32 tensor's values without a copy where the backend allows it: a
 * view of the wasm heap (valid only until the next tensor is allocated, which
 * may grow and detach the heap) or the cpu backend's own array; a copy on
 * other backends. Read-only: other tensors may share the memory.
 */
export function float32Values(t: tf.Tensor): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`float32Values: expected a float32 tensor, got ${t.dtype}`);
  if (tf.getBackend() === 'wasm') return (tf.backend() as unknown as WasmBackendLike).typedArrayFromHeap(t as unknown as TensorInfo) as Float32Array;
  return t.dataSync() as Float32Array;
}

/**
 * Sets OpenBLAS's thread count (process-wide) when the native addon is loaded.
 * The data-parallel workers set 1: each core already runs a worker, and
 * OpenBLAS threads on top of them would only compete for the same cores.
 */
export function setNativeThreads(n: number): void {
  blasAddon?.setThreads(n);
}

/** The native addon's one-pass Adam on plain Float32Arrays (ADAM_UPDATE_KERNEL's loop), or null where the addon is not loaded. */
export function nativeAdam(): BlasAddon['adam'] | null {
  return blasAddon ? blasAddon.adam.bind(blasAddon) : null;
}

/** Re-registers a wasm kernel as `make(original)`, keeping its setup and dispose hooks. */
function replaceKernel(name: string, make: (original: KernelFunc) => KernelFunc): void {
  const original = tf.getKernel(name, 'wasm');
  if (!original) return;
  const saved: KernelConfig = { ...original };
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...saved, kernelFunc: make(saved.kernelFunc) });
}

function registerWasmTrainingKernels(): void {
  if (wasmKernelsRegistered) return;
  wasmKernelsRegistered = true;
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) {
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumKernel });
  }
  const slice = tf.getKernel('Slice', 'wasm');
  if (slice) {
    const saved: KernelConfig = { ...slice };
    tf.unregisterKernel('Slice', 'wasm');
    tf.registerKernel({ ...saved, kernelFunc: sliceKernel(saved.kernelFunc) });
  }
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) throw new Error('the wasm backend has no Transpose kernel');
  const sigmoid = tf.getKernel('Sigmoid', 'wasm');
  if (sigmoid) replaceKernel('Tanh', (original) => tanhViaSigmoid(sigmoid.kernelFunc, original));
  replaceKernel('GatherV2', gatherRows);
  replaceKernel('Identity', identityShared);
  replaceKernel('Sum', sumLeadingAxes);
  blasAddon = loadBlasAddon();
  if (blasAddon) tf.registerKernel({ kernelName: ADAM_UPDATE_KERNEL, backendName: 'wasm', kernelFunc: adamUpdateKernel(blasAddon) });
  for (const name of ['BatchMatMul', '_FusedMatMul']) {
    const original = tf.getKernel(name, 'wasm');
    if (!original) continue;
    const saved: KernelConfig = { ...original };
    const wasmKernel = transposeFirst(saved, transpose.kernelFunc);
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...saved, kernelFunc: blasAddon ? blasMatMul(blasAddon, wasmKernel, name === '_FusedMatMul') : wasmKernel });
  }
}
