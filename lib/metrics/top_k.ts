/**
 * The k candidates most cosine-similar to one query, for the search command.
 * One pass over the candidates with a k-sized min-heap; candidate norms are
 * computed in the same pass, so nothing needs precomputing. Every score
 * comes from the same float64 loop in the same order, so equal candidates
 * get bit-equal scores on any machine (no matMul engine or block shape is
 * involved, unlike ranks.ts); ties are broken by the lower index, so results
 * are deterministic.
 */

export interface Scored {
  index: number;
  score: number;
}

/** Best-first list of min(k, count) candidates ([count, dim] row-major) by cosine similarity with `query` ([dim]). */
export function topK(query: Float32Array, candidates: Float32Array, count: number, dim: number, k: number): Scored[] {
  if (query.length !== dim) throw new Error(`topK: query has ${query.length} values, expected dim = ${dim}`);
  if (candidates.length !== count * dim) {
    throw new Error(`topK: candidates has ${candidates.length} values, expected count x dim = ${count} x ${dim}`);
  }
  if (!Number.isInteger(k) || k < 0) throw new Error(`topK: k must be a non-negative integer, got ${k}`);
  let qq = 0;
  for (let d = 0; d < dim; d++) qq += query[d] * query[d];
  const qNorm = Math.sqrt(qq);
  if (!(qNorm > 0)) throw new Error(`topK: the query has norm ${qNorm}, cosine is undefined`);
  const size = Math.min(k, count);
  const heap = new MinHeap(size);
  for (let c = 0; c < count; c++) {
    const o = c * dim;
    let dot = 0;
    let cc = 0;
    for (let d = 0; d < dim; d++) {
      const x = candidates[o + d];
      dot += query[d] * x;
      cc += x * x;
    }
    // A zero candidate has no direction: it scores 0 rather than NaN.
    const score = cc > 0 ? dot / (qNorm * Math.sqrt(cc)) : 0;
    heap.offer(c, score);
  }
  return heap.sortedBestFirst();
}

/** Keeps the `capacity` best (score desc, then index asc); the root is the worst kept. */
class MinHeap {
  private readonly index: Int32Array;
  private readonly score: Float64Array;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.index = new Int32Array(capacity);
    this.score = new Float64Array(capacity);
  }

  /** a ranks below b. */
  private worse(a: number, b: number): boolean {
    return this.score[a] < this.score[b] || (this.score[a] === this.score[b] && this.index[a] > this.index[b]);
  }

  private swap(a: number, b: number): void {
    [this.index[a], this.index[b]] = [this.index[b], this.index[a]];
    [this.score[a], this.score[b]] = [this.score[b], this.score[a]];
  }

  offer(index: number, score: number): void {
    if (this.capacity === 0) return;
    if (this.size < this.capacity) {
      let i = this.size++;
      this.index[i] = index;
      this.score[i] = score;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(i, p)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    // Later indices lose ties, so an equal score never replaces the root.
    if (!(score > this.score[0])) return;
    this.index[0] = index;
    this.score[0] = score;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.size && this.worse(l, m)) m = l;
      if (r < this.size && this.worse(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  sortedBestFirst(): Scored[] {
    const out: Scored[] = [];
    for (let i = 0; i < this.size; i++) out.push({ index: this.index[i], score: this.score[i] });
    return out.sort((a, b) => b.score - a.score || a.index - b.index);
  }
}
