/** Memory probes: process RSS, live tensors, and the wasm heap (which only grows, so its size is the backend's peak). */
import * as tf from '@tensorflow/tfjs';

export interface MemorySample {
  rssMB: number;
  tensors: number;
  tensorMB: number;
  /** Size of the wasm heap in MB, or null on other backends. */
  wasmHeapMB: number | null;
}

interface WasmBackendHeap {
  wasm?: { HEAPU8?: Uint8Array };
}

export function wasmHeapBytes(): number | null {
  const b = tf.backend() as unknown as WasmBackendHeap;
  return b.wasm?.HEAPU8 ? b.wasm.HEAPU8.buffer.byteLength : null;
}

export function sampleMemory(): MemorySample {
  const m = tf.memory();
  const heap = wasmHeapBytes();
  return {
    rssMB: process.memoryUsage().rss / 2 ** 20,
    tensors: m.numTensors,
    tensorMB: m.numBytes / 2 ** 20,
    wasmHeapMB: heap === null ? null : heap / 2 ** 20,
  };
}

/** Tracks the largest RSS seen across calls to `sample()`. */
export class PeakMemory {
  rssMB = 0;
  tensorMB = 0;

  sample(): MemorySample {
    const s = sampleMemory();
    this.rssMB = Math.max(this.rssMB, s.rssMB);
    this.tensorMB = Math.max(this.tensorMB, s.tensorMB);
    return s;
  }
}
