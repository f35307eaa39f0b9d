/** What a pool worker (worker_main.ts) is started with, is asked and answers. */
import type { BackendName } from '../../backend/index.js';
import type { SharedBag } from '../../metrics/index.js';
import type { ReplicaRequest, ReplicaSpec } from './replica.js';
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

