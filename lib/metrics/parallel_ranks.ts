/**
 * Ranks of one bag computed by several worker threads, each with its own
 * TensorFlow.js wasm backend (the wasm backend cannot use threads itself in
 * Node, STACK-NOTES). Each worker takes a contiguous range of query rows;
 * the recipe2im counts of the ranges are summed. Embeddings travel in
 * SharedArrayBuffers, so a bag is not copied per worker.
 *
 * The worker runs the source text of tfDotProducts and countAbove, so the
 * numbers are those of the single-threaded tf engine. It loads TensorFlow.js
 * by resolving the package from the working directory or from the entry
 * script's folder (lib/ may not use import.meta to find itself).
 */
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { normalizeRows } from './normalize.js';
import { countAbove, ranksFromCounts, type AboveCounts, type BagRanks } from './ranks.js';
import { tfDotProducts } from './tf_dot_products.js';

interface Job {
  queries: Float32Array;
  candidates: Float32Array;
  count: number;
  dim: number;
  r0: number;
  r1: number;
  blockRows: number;
}

type Reply = { ready: true } | { error: string } | { counts: AboveCounts };

// CommonJS text evaluated by Worker({ eval: true }); `__name` absorbs the
// helper that tsx's keepNames may insert into serialised functions.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const __name = (f) => f;
(async () => {
  const load = (name) => require(require.resolve(name, { paths: workerData.resolvePaths }));
  const tf = load('@tensorflow/tfjs');
  load('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise in a metrics worker');
  const tfDotProducts = ${tfDotProducts.toString()};
  const countAbove = ${countAbove.toString()};
  parentPort.on('message', (job) => {
    try {
      const dots = tfDotProducts(job.queries, job.candidates, job.dim);
      try {
        const counts = countAbove(dots, job.count, job.r0, job.r1, job.blockRows);
        parentPort.postMessage({ counts }, [counts.rows, counts.cols, counts.diag, counts.self, counts.nearCols, counts.nearScores].map((x) => x.buffer));
      } finally {
        dots.dispose();
      }
    } catch (err) {
      parentPort.postMessage({ error: String((err && err.stack) || err) });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((err) => parentPort.postMessage({ error: String((err && err.stack) || err) }));
`;

/** The next reply of a worker; an error reply or a crash rejects. */
function reply(worker: Worker): Promise<Reply> {
  return new Promise((ok, fail) => {
    const onError = (err: Error) => {
      worker.off('message', onMessage);
      fail(err);
    };
    const onMessage = (msg: Reply) => {
      worker.off('error', onError);
      if ('error' in msg) fail(new Error(`metrics worker failed: ${msg.error}`));
      else ok(msg);
    };
    worker.once('message', onMessage);
    worker.once('error', onError);
  });
}

function shared(x: Float32Array): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(x.byteLength));
  out.set(x);
  return out;
}

/** A set of started workers; reuse it for every bag, then close it. */
export class RankWorkerPool {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts `threads` workers (default: the machine's parallelism) and waits until each has its backend. */
  static async start(threads = availableParallelism()): Promise<RankWorkerPool> {
    if (!Number.isInteger(threads) || threads < 1) throw new Error(`RankWorkerPool: threads must be a positive integer, got ${threads}`);
    const resolvePaths = [process.cwd(), ...(process.argv[1] ? [dirname(resolve(process.argv[1]))] : [])];
    const workers = Array.from({ length: threads }, () => new Worker(workerSource, { eval: true, workerData: { resolvePaths } }));
    const pool = new RankWorkerPool(workers);
    try {
      await Promise.all(workers.map(reply));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  get threads(): number {
    return this.workers.length;
  }

  /** Same contract and numbers as rankOfMatches with the tf engine on wasm. */
  async rank(images: Float32Array, recipes: Float32Array, count: number, dim: number, blockRows = 1000): Promise<BagRanks> {
    if (!Number.isInteger(count) || count < 1) throw new Error(`RankWorkerPool.rank: count must be a positive integer, got ${count}`);
    const queries = shared(normalizeRows(images, count, dim, 'RankWorkerPool.rank images'));
    const candidates = shared(normalizeRows(recipes, count, dim, 'RankWorkerPool.rank recipes'));
    // Ranges start on block boundaries, so every block is the one the
    // single-threaded pass computes: matMul results can differ in the last
    // bit with the block's row offset, which would move near-ties.
    const share = Math.ceil(Math.ceil(count / blockRows) / this.workers.length) * blockRows;
    const jobs = this.workers.map(async (worker, w): Promise<AboveCounts | undefined> => {
      const r0 = Math.min(count, w * share);
      const r1 = Math.min(count, r0 + share);
      if (r0 === r1) return undefined;
      const job: Job = { queries, candidates, count, dim, r0, r1, blockRows };
      const done = reply(worker);
      worker.postMessage(job);
      return ((await done) as { counts: AboveCounts }).counts;
    });
    const parts = (await Promise.all(jobs)).filter((p): p is AboveCounts => p !== undefined);
    return ranksFromCounts(count, parts);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
