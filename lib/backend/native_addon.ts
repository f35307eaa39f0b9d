/**
 * The optional native addon (native/, built by `npm run build:native`):
 * matMul through OpenBLAS, and a one-pass Adam update.
 * XNNPACK's wasm matMul runs on one thread at about 20 GFLOP/s; OpenBLAS's
 * sgemm reads and writes the wasm heap in place and uses both cores.
 * The addon is native/build/kernels.node in this package's own folder,
 * wherever the process runs from. RECIPE1M_NATIVE_BLAS=0 disables it;
 * RECIPE1M_NATIVE_BLAS=<path> loads that file (and fails loudly if it
 * cannot). It runs on ONE thread unless OPENBLAS_NUM_THREADS says
 * otherwise: on the 2-core machines measured (bench/native_matmul.ts), two
 * threads were never faster than one, since the second core is busy with
 * the rest of the process or other work.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { NativeAddon, RankingKernels, ReduceKernels } from '../util/native_kernels.js';
import { callerFile, packageRoot } from '../util/package_root.js';
import { state } from './state.js';
import { product, type WasmBackendLike } from './wasm_heap.js';
import { replaceKernel } from './wasm_kernels.js';

/** native/build/kernels.node of the package this module belongs to. */
function packagedAddonPath(): string {
  return join(packageRoot(dirname(callerFile())), 'native', 'build', 'kernels.node');
}

/** The addon from RECIPE1M_NATIVE_BLAS, or the package's own build; null when disabled or not built. */
export function loadNativeAddon(): NativeAddon | null {
  const env = process.env.RECIPE1M_NATIVE_BLAS;
  if (env === '0' || env === 'off') return null;
  const explicit = env !== undefined && env !== '' && env !== '1';
  const path = explicit ? resolve(env) : packagedAddonPath();
  if (!existsSync(path)) {
    if (explicit) throw new Error(`RECIPE1M_NATIVE_BLAS=${env}: no such file`);
    return null;
  }
  try {
    const module = { exports: {} as NativeAddon };
    process.dlopen(module, path);
    if (!process.env.OPENBLAS_NUM_THREADS) module.exports.setThreads(1);
    if (typeof module.exports.countAbove !== 'function' || typeof module.exports.reduceParts !== 'function') {
      console.warn(`${path} was built by an older version (ranking and the workers' gradient reduce run without it); rebuild with npm run build:native`);
    }
    return module.exports;
  } catch (err) {
    if (explicit) throw new Error(`RECIPE1M_NATIVE_BLAS=${env}: ${(err as Error).message}`);
    console.warn(`${path} did not load (${(err as Error).message.split('\n')[0]}); using the wasm matMul (rebuild with npm run build:native)`);
    return null;
  }
}

/**
 * Switches the OpenBLAS matMul off (wasm kernels) or back on, at run time;
 * returns whether OpenBLAS is now in use (false when the addon is absent).
 * For benchmarks and tests that compare both paths in one process.
 */
export function useNativeMatMul(on: boolean): boolean {
  state.nativeMatMul = on;
  if (state.current?.name === 'wasm') state.current.matMul = on && state.addon ? 'openblas' : 'backend';
  return on && state.addon !== null;
}

/**
 * BatchMatMul (and _FusedMatMul without bias or activation) through sgemm,
 * transpose flags included (BLAS handles them at full speed). Shapes it does
 * not cover (non-float, empty, batch broadcasting other than 1 against n)
 * go to `fallback`, which also produces the shape errors.
 */
function blasMatMul(addon: NativeAddon, fallback: KernelFunc, fused: boolean): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const at = attrs as NamedAttrMap & { transposeA: boolean; transposeB: boolean; activation?: string };
    const a = inputs.a as TensorInfo;
    const b = inputs.b as TensorInfo;
    if (!state.nativeMatMul) return fallback(args);
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

function adamUpdateKernel(addon: NativeAddon): KernelFunc {
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
 * Sets OpenBLAS's thread count (process-wide) when the native addon is loaded.
 * The data-parallel workers set 1: each core already runs a worker, and
 * OpenBLAS threads on top of them would only compete for the same cores.
 */
export function setNativeThreads(n: number): void {
  state.addon?.setThreads(n);
}

/**
 * The addon's sgemm and counting kernel for ranking (lib/metrics'
 * blasDotProducts), or null where the addon is not loaded or its matMul is
 * switched off (useNativeMatMul(false): then ranking is timed without it too).
 */
export function nativeRankingKernels(): RankingKernels | null {
  return state.addon && state.nativeMatMul && typeof state.addon.countAbove === 'function' ? state.addon : null;
}

/** The addon's gradient reduce and update measure for the data-parallel replicas, or null where it is not loaded (or built before them). */
export function nativeReduceKernels(): ReduceKernels | null {
  return state.addon && typeof state.addon.reduceParts === 'function' ? state.addon : null;
}

/** The native addon's one-pass Adam on plain Float32Arrays (ADAM_UPDATE_KERNEL's loop), or null where the addon is not loaded. */
export function nativeAdam(): NativeAddon['adam'] | null {
  return state.addon ? state.addon.adam.bind(state.addon) : null;
}


/** The addon's kernels on the wasm backend: Adam, and matMul over the wasm kernels already registered (which stay its fallback). */
export function registerNativeKernels(addon: NativeAddon): void {
  tf.registerKernel({ kernelName: ADAM_UPDATE_KERNEL, backendName: 'wasm', kernelFunc: adamUpdateKernel(addon) });
  for (const name of ['BatchMatMul', '_FusedMatMul']) replaceKernel(name, (wasmKernel) => blasMatMul(addon, wasmKernel, name === '_FusedMatMul'));
}
