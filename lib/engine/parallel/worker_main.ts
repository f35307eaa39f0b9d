/**
 * The entry of a pool worker thread (spawned by spawn.ts): initialises the
 * backend, builds the replica when the pool trains, says `ready`, then
 * answers each request with `done` or, on an error, aborts the replicas'
 * barrier (so no other worker waits for this one) and says `failed`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, setNativeThreads, type BackendName } from '../../backend.js';
import { countSharedRows, defaultDotEngine, prepareSharedRows, type SharedBag } from '../../metrics/index.js';
import { abortBarrier, ReplicaAbortedError } from './barrier.js';
import { Replica, type ReplicaRequest, type ReplicaSpec } from './replica.js';
import type { SharedBuffers } from './shared_memory.js';

export interface WorkerInit {
  rank: number;
  backend: BackendName;
  /** Training: the replica to build and the state it shares; null for a pool that only counts. */
  replica: { spec: ReplicaSpec; shared: SharedBuffers } | null;
}

/** Retrieval metrics: prepare rows [r0, r1) of a shared bag, or count them once every range is prepared (lib/metrics/shared_bags.ts). */
export type BagRequest = { kind: 'prepare'; bag: SharedBag; r0: number; r1: number } | { kind: 'count'; bag: SharedBag; r0: number; r1: number; blockRows: number };

export type WorkerRequest = ReplicaRequest | BagRequest;
export type ToWorker = { id: number; request: WorkerRequest };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'aborted'; id: number }
  | { type: 'failed'; id: number | null; message: string };

const port = parentPort;
if (!port) throw new Error('worker_main.ts runs only as a worker thread');
const init = workerData as WorkerInit;
const control = init.replica ? new Int32Array(init.replica.shared.control) : null;
const say = (m: FromWorker): void => port.postMessage(m);

function failed(id: number | null, err: unknown): void {
  if (control) abortBarrier(control);
  const e = err as Error;
  say({ type: 'failed', id, message: e?.stack ?? String(err) });
}

try {
  await initBackend(init.backend);
  setNativeThreads(1);
  const replica = init.replica ? Replica.create({ rank: init.rank, ...init.replica }) : null;
  const handle = (request: WorkerRequest): unknown => {
    if (request.kind === 'prepare') return prepareSharedRows(request.bag, request.r0, request.r1);
    if (request.kind === 'count') return countSharedRows(request.bag, request.r0, request.r1, request.blockRows, defaultDotEngine());
    if (!replica) throw new Error(`worker ${init.rank}: a '${request.kind}' request needs a model replica, and this pool has none`);
    return replica.handle(request);
  };
  port.on('message', ({ id, request }: ToWorker) => {
    try {
      say({ type: 'done', id, result: handle(request) });
    } catch (err) {
      if (err instanceof ReplicaAbortedError) say({ type: 'aborted', id });
      else failed(id, err);
    }
  });
  say({ type: 'ready' });
} catch (err) {
  failed(null, err);
}
