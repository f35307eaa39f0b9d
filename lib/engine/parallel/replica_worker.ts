/**
 * The entry of a replica's worker thread (spawned by spawn.ts): builds the
 * replica from `workerData`, says `ready`, then answers each request with
 * `done` or, on an error, aborts the shared barrier (so no other replica
 * waits for this one) and says `failed`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { abortBarrier, ReplicaAbortedError } from './barrier.js';
import { Replica, type ReplicaInit, type ReplicaRequest } from './replica.js';

export type ToReplica = { id: number; request: ReplicaRequest };
export type FromReplica =
  | { type: 'ready' }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'aborted'; id: number }
  | { type: 'failed'; id: number | null; message: string };

const port = parentPort;
if (!port) throw new Error('replica_worker.ts runs only as a worker thread');
const init = workerData as ReplicaInit;
const control = new Int32Array(init.shared.control);
const say = (m: FromReplica): void => port.postMessage(m);

function failed(id: number | null, err: unknown): void {
  abortBarrier(control);
  const e = err as Error;
  say({ type: 'failed', id, message: e?.stack ?? String(err) });
}

try {
  const replica = await Replica.create(init);
  port.on('message', ({ id, request }: ToReplica) => {
    try {
      say({ type: 'done', id, result: replica.handle(request) });
    } catch (err) {
      if (err instanceof ReplicaAbortedError) say({ type: 'aborted', id });
      else failed(id, err);
    }
  });
  say({ type: 'ready' });
} catch (err) {
  failed(null, err);
}
