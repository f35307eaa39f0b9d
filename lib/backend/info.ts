/**
 * What a backend is to the rest of the project: its name, what it computes
 * on, why the preferred ones were passed over, and the lines runs print.
 */
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
