/**
 * The wasm backend's heap as TensorFlow.js's wasm backend exposes it (not in
 * its public types), and tensor values read from it without a copy.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';

export interface WasmBackendLike {
  readSync(dataId: object): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  disposeData(dataId: object): boolean;
  incRef(dataId: object): void;
}

export const product = (dims: readonly number[]): number => dims.reduce((p, d) => p * d, 1);

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
