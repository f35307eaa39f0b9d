/**
 * A barrier for the replica threads of data-parallel training, on shared
 * memory (Atomics): each replica blocks in `arrive()` until all have
 * arrived. `abortBarrier` (from any thread, the main one included) wakes
 * every waiter with a ReplicaAbortedError, so that one failed replica never
 * leaves the others waiting for it.
 */

/** Int32 words of the control array that the barrier uses. */
export const BARRIER_COUNT = 0;
export const BARRIER_GENERATION = 1;
export const BARRIER_ABORT = 2;
/** Words the barrier reserves at the start of the control array. */
export const BARRIER_WORDS = 3;

/** Another replica failed (or the main thread gave up): this one stops where it waits. */
export class ReplicaAbortedError extends Error {
  constructor() {
    super('aborted: another replica failed');
    this.name = 'ReplicaAbortedError';
  }
}

export class Barrier {
  constructor(
    private readonly control: Int32Array,
    private readonly parties: number,
  ) {}

  /** Blocks until all `parties` have arrived (the last one to arrive releases the others). */
  arrive(): void {
    const c = this.control;
    if (Atomics.load(c, BARRIER_ABORT) !== 0) throw new ReplicaAbortedError();
    const generation = Atomics.load(c, BARRIER_GENERATION);
    if (Atomics.add(c, BARRIER_COUNT, 1) === this.parties - 1) {
      Atomics.store(c, BARRIER_COUNT, 0);
      Atomics.add(c, BARRIER_GENERATION, 1);
      Atomics.notify(c, BARRIER_GENERATION);
      return;
    }
    while (Atomics.load(c, BARRIER_GENERATION) === generation) Atomics.wait(c, BARRIER_GENERATION, generation);
    if (Atomics.load(c, BARRIER_ABORT) !== 0) throw new ReplicaAbortedError();
  }
}

/** Makes every present and future `arrive()` on `control` throw ReplicaAbortedError. */
export function abortBarrier(control: Int32Array): void {
  Atomics.store(control, BARRIER_ABORT, 1);
  // Moving the generation releases waiters even if they start waiting just after this.
  Atomics.add(control, BARRIER_GENERATION, 1);
  Atomics.notify(control, BARRIER_GENERATION);
}
