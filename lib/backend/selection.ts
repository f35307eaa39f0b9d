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
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-wasm';
import { availableParallelism } from 'node:os';
import { BACKEND_NAMES, type BackendFailure, type BackendInfo, type BackendName } from './info.js';
import { loadNativeAddon, registerNativeKernels } from './native_addon.js';
import { state } from './state.js';
import { registerWasmKernels } from './wasm_kernels.js';

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
  patchWasmKernels();
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  const own = getThreadsCount();
  const device = `cpu (wasm${simd ? ' SIMD' : ', no SIMD'}, ${own} thread${own === 1 ? '' : 's'})`;
  return { device, gpu: false, threads: state.addon ? state.addon.threads() : own, matMul: state.addon ? 'openblas' : 'backend' };
}

/** The wasm kernels training needs, then the native addon's on top of them, once per process. */
function patchWasmKernels(): void {
  if (state.wasmKernelsPatched) return;
  state.wasmKernelsPatched = true;
  registerWasmKernels();
  state.addon = loadNativeAddon();
  if (state.addon) registerNativeKernels(state.addon);
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
  const { current } = state;
  if (current && (forced === undefined || forced === current.name)) return current;
  const candidates = forced ? [forced] : BACKEND_NAMES.filter((n) => n !== 'cpu');
  const failures: BackendFailure[] = [];
  for (const name of candidates) {
    try {
      const loaded = await load(name);
      state.current = { name, tfBackend: tf.getBackend(), matMul: 'backend', ...loaded, failures };
      return state.current;
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
  if (!state.current) throw new Error('initBackend() has not been called');
  return state.current;
}
