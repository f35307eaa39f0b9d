/**
 * Everything the backend remembers within a process, in one object: the
 * chosen backend, the native addon, and whether the wasm kernels were
 * patched. initBackend (selection.ts) fills it; the kernels read it on
 * every call, so switching the OpenBLAS matMul needs no re-registration.
 */
import type { BackendInfo } from './info.js';
import type { NativeAddon } from '../util/native_kernels.js';

export interface BackendState {
  /** The backend initBackend chose; undefined before the first call. */
  current: BackendInfo | undefined;
  /** The native addon, loaded with the wasm kernels; null when absent or disabled. */
  addon: NativeAddon | null;
  /** Whether the addon's matMul is used when it is loaded (useNativeMatMul). */
  nativeMatMul: boolean;
  /** The wasm kernels are patched once per process. */
  wasmKernelsPatched: boolean;
}

export const state: BackendState = { current: undefined, addon: null, nativeMatMul: true, wasmKernelsPatched: false };
