/**
 * The entry of a pool worker thread (spawned by spawn.ts): initialises the
 * backend, builds the replica when the pool trains, says `ready`, then
 * answers each request with `done` or, on an error, aborts the replicas'
 * barrier (so no other worker waits for this one) and says `failed`.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { initBackend, nativeRankingKernels, setNativeThreads } from '../../backend/index.js';
import { countSharedRows, dotEngineFor, prepareSharedRows } from '../../metrics/index.js';
import { abortBarrier, ReplicaAbortedError } from './barrier.js';
import { Replica } from './replica.js';
import type { FromWorker, ToWorker, WorkerInit, WorkerRequest } from './worker_messages.js';

if (!parentPort) throw new Error('worker_main.ts runs only as a worker thread');
const port: MessagePort = parentPort;
const init = workerData as WorkerInit;
const control = init.replica ? new Int32Array(init.replica.shared.control) : null;
const say = (m: FromWorker): void => port.postMessage(m);

function failed(id: number | null, err: unknown): void {
  if (control) abortBarrier(control);
  const e = err as Error;
  say({ type: 'failed', id, message: e?.stack ?? String(err) });
}

// No top-level await: the notebooks' kernel (tslab) compiles the modules of lib/ it meets as CommonJS, where it does not compile.
async function main(): Promise<void> {
  const { name: backend } = await initBackend(init.backend);
  setNativeThreads(1);
  const replica = init.replica ? Replica.create({ rank: init.rank, ...init.replica }) : null;
  const handle = (request: WorkerRequest): unknown => {
    if (request.kind === 'prepare') return prepareSharedRows(request.bag, request.r0, request.r1);
    if (request.kind === 'count') return countSharedRows(request.bag, request.r0, request.r1, request.blockRows, dotEngineFor(backend, nativeRankingKernels()));
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
}

main().catch((err: unknown) => failed(null, err));
