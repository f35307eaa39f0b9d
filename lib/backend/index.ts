/**
 * The TensorFlow.js backend: which one runs (selection.ts), the wasm
 * kernels training needs (wasm_kernels.ts), and the optional native addon
 * (native_addon.ts). Everything else imports `@tensorflow/tfjs` and calls
 * `initBackend()` once at start-up.
 */
export { BACKEND_NAMES, backendLines, describeBackend, describeDevice, type BackendFailure, type BackendInfo, type BackendName } from './info.js';
export { ADAM_UPDATE_KERNEL, nativeAdam, nativeRankingKernels, nativeReduceKernels, setNativeThreads, useNativeMatMul, type AdamUpdateAttrs } from './native_addon.js';
export { backendInfo, initBackend, nativeLoadFailure } from './selection.js';
export { float32Values } from './wasm_heap.js';
