/**
 * A fixed set of worker threads, each with its own TensorFlow.js backend
 * (the one the main thread chose) and, for training, a replica of the model
 * (replica.ts). They start once and answer one request at a time, all
 * together: `request` sends each its own part and resolves with every
 * reply. They also count row ranges of shared bags for the retrieval
 * metrics (lib/metrics/shared_bags.ts).
 *
 * The first worker that fails or exits ends the pool: the request in
 * progress and every later one reject with a ReplicaFailedError naming it,
 * `onFailure` runs (it releases the replicas' barriers), and every worker
 * is ended.
 */
import type { Worker } from 'node:worker_threads';
import { backendInfo } from '../../backend/index.js';
import type { AboveCounts, RowCounters, SharedBag } from '../../metrics/index.js';
import type { ReplicaSpec } from './replica.js';
import type { SharedBuffers } from './shared_memory.js';
import { spawnWorker } from './spawn.js';
import type { FromWorker, ToWorker, WorkerInit, WorkerRequest } from './worker_messages.js';

/** A worker failed or exited: what it was doing was not completed. */
export class ReplicaFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplicaFailedError';
  }
}

interface Pending {
  id: number;
  replies: unknown[];
  left: number;
  resolve(replies: unknown[]): void;
  reject(err: Error): void;
}

export class WorkerPool implements RowCounters {
  /** The worker threads (worker k is threads[k]); empty until started. */
  threads: Worker[] = [];
  private starting: Promise<void> | null = null;
  private started = false;
  private pending: Pending | null = null;
  private nextId = 0;
  private failure: ReplicaFailedError | null = null;
  private closing = false;

  constructor(
    readonly size: number,
    private readonly replica: { spec: ReplicaSpec; shared: SharedBuffers } | null = null,
    private readonly onFailure: () => void = () => {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`WorkerPool: size must be a positive integer, got ${size}`);
  }

  get countingThreads(): number {
    return this.size;
  }

  /** Starts the workers (once; later calls wait for the same start). */
  start(): Promise<void> {
    this.starting ??= this.spawnAll();
    return this.starting;
  }

  private async spawnAll(): Promise<void> {
    const backend = backendInfo().name;
    const ready = Array.from({ length: this.size }, (_, rank) => {
      const init: WorkerInit = { rank, backend, replica: this.replica };
      const worker = spawnWorker(init);
      this.threads.push(worker);
      return new Promise<void>((resolve, reject) => {
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'ready') resolve();
          else this.onReply(rank, m);
        });
        worker.on('error', (err) => {
          reject(err);
          this.fail(rank, `failed: ${err.message}`);
        });
        worker.on('exit', (code) => {
          reject(new Error(`exited with code ${code} while starting`));
          if (!this.closing) this.fail(rank, `exited (code ${code})`);
        });
      }).catch((err: Error) => {
        throw this.failure ?? new ReplicaFailedError(`worker ${rank + 1} of ${this.size} did not start: ${err.message}`);
      });
    });
    await Promise.all(ready);
    this.started = true;
  }

  private onReply(rank: number, m: FromWorker): void {
    if (m.type === 'failed') {
      this.fail(rank, m.id === null ? `did not start: ${m.message}` : `failed: ${m.message}`);
      return;
    }
    if (m.type !== 'done' || !this.pending || m.id !== this.pending.id) return;
    const p = this.pending;
    p.replies[rank] = m.result;
    if (--p.left === 0) {
      this.pending = null;
      p.resolve(p.replies);
    }
  }

  private fail(rank: number, why: string): void {
    if (this.failure || this.closing) return;
    this.failure = new ReplicaFailedError(`data-parallel worker ${rank + 1} of ${this.size} ${why.split('\n')[0]}; the workers were stopped`);
    this.onFailure();
    const p = this.pending;
    this.pending = null;
    p?.reject(this.failure);
    this.closing = true;
    for (const w of this.threads) void w.terminate();
  }

  /**
   * Sends worker k `build(k)` (null: nothing for it this time); resolves with the replies, in worker order
   * (null where nothing was sent). Once the pool has started, the requests are posted before this returns.
   */
  async request(build: (rank: number) => WorkerRequest | null): Promise<unknown[]> {
    if (!this.started) await this.start();
    if (this.failure) throw this.failure;
    if (this.pending) throw new Error('WorkerPool: one request at a time');
    const id = ++this.nextId;
    const requests = this.threads.map((_, rank) => build(rank));
    const sent = requests.filter((r) => r !== null).length;
    if (sent === 0) return requests;
    return new Promise<unknown[]>((resolve, reject) => {
      this.pending = { id, replies: requests.map(() => null), left: sent, resolve, reject };
      requests.forEach((request, rank) => request && this.threads[rank].postMessage({ id, request } satisfies ToWorker));
    });
  }

  async prepareRows(bag: SharedBag, ranges: readonly [number, number][]): Promise<void> {
    await this.request(this.byRange(ranges, (r0, r1) => ({ kind: 'prepare', bag, r0, r1 })));
  }

  async countRows(bag: SharedBag, ranges: readonly [number, number][], blockRows: number): Promise<AboveCounts[]> {
    const replies = await this.request(this.byRange(ranges, (r0, r1) => ({ kind: 'count', bag, r0, r1, blockRows })));
    return replies.slice(0, ranges.length) as AboveCounts[];
  }

  private byRange(ranges: readonly [number, number][], make: (r0: number, r1: number) => WorkerRequest): (rank: number) => WorkerRequest | null {
    if (ranges.length > this.size) throw new Error(`WorkerPool: ${ranges.length} row ranges for ${this.size} workers`);
    return (rank) => (rank < ranges.length ? make(ranges[rank][0], ranges[rank][1]) : null);
  }

  async dispose(): Promise<void> {
    this.closing = true;
    await Promise.all(this.threads.map((w) => w.terminate()));
    this.threads = [];
  }
}
