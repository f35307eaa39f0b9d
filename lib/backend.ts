/**
 * The one module that chooses the TensorFlow.js backend. Everything else
 * imports `@tensorflow/tfjs` and calls `initBackend()` once at start-up.
 *
 * Order of preference: tfjs-node-gpu, tfjs-node (optional dependencies whose
 * install needs a download, so they are often absent), then wasm. The
 * environment variable RECIPE1M_BACKEND=cpu|wasm|node|node-gpu forces one and
 * fails with a clear message when it cannot be loaded.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

export type BackendName = 'cpu' | 'wasm' | 'node' | 'node-gpu';
export const BACKEND_NAMES: readonly BackendName[] = ['node-gpu', 'node', 'wasm', 'cpu'];

export interface BackendInfo {
  /** Our name for it. */
  name: BackendName;
  /** The name TensorFlow.js registered it under. */
  tfBackend: string;
  /** Threads the backend computes with (1 for wasm in Node, see STACK-NOTES). */
  threads: number;
}

let current: BackendInfo | undefined;

const NATIVE_PACKAGES: Record<'node' | 'node-gpu', string> = {
  node: '@tensorflow/tfjs-node',
  'node-gpu': '@tensorflow/tfjs-node-gpu',
};

async function loadNative(name: 'node' | 'node-gpu'): Promise<void> {
  // A variable specifier keeps TypeScript from requiring the optional package's types.
  const pkg = NATIVE_PACKAGES[name];
  await import(pkg);
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but its backend did not initialise`);
}

async function loadWasm(): Promise<void> {
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
  registerWasmTrainingKernels();
}

async function load(name: BackendName): Promise<void> {
  if (name === 'node' || name === 'node-gpu') return loadNative(name);
  if (name === 'wasm') return loadWasm();
  if (!(await tf.setBackend('cpu'))) throw new Error('the cpu backend did not initialise');
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
  const failures: string[] = [];
  for (const name of candidates) {
    try {
      await load(name);
      current = { name, tfBackend: tf.getBackend(), threads: 1 };
      return current;
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  const why = failures.join('; ');
  if (forced) throw new Error(`RECIPE1M_BACKEND/backend '${forced}' cannot be loaded (${why})`);
  throw new Error(`no TensorFlow.js backend could be loaded (${why})`);
}

/** The backend chosen by initBackend, or an error if it was never called. */
export function backendInfo(): BackendInfo {
  if (!current) throw new Error('initBackend() has not been called');
  return current;
}

export { setWasmPaths };

// ---------------------------------------------------------------------------
// Kernels that training needs on wasm (see ../shared/STACK-NOTES.md).

let wasmKernelsRegistered = false;

interface WasmBackendLike {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
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

function registerWasmTrainingKernels(): void {
  if (wasmKernelsRegistered) return;
  wasmKernelsRegistered = true;
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) {
    tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc: unsortedSegmentSumKernel });
  }
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!transpose) throw new Error('the wasm backend has no Transpose kernel');
  for (const name of ['BatchMatMul', '_FusedMatMul']) {
    const original = tf.getKernel(name, 'wasm');
    if (!original) continue;
    const saved: KernelConfig = { ...original };
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...saved, kernelFunc: transposeFirst(saved, transpose.kernelFunc) });
  }
}
