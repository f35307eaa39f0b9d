/**
 * Packing of variable-length sequences, as PyTorch's pack_padded_sequence:
 * rows are sorted by length (longest first) and laid out time-major, step t
 * holding only the rows still running (`batchSizes[t]` of them). The LSTM
 * then never reads padding and spends no work on it.
 */

export interface PackedSequences {
  /** Rows (sequences), including empty ones. */
  rows: number;
  /** order[k]: the original row at sorted position k (longest first, stable). */
  order: Int32Array;
  /** rank[r]: the sorted position of original row r (inverse of order). */
  rank: Int32Array;
  /** Rows still running at each step (non-increasing); its length is the longest sequence. */
  batchSizes: number[];
  /** Offset of step t's rows in the packed data. */
  offsets: number[];
  /** Total real elements, Σ batchSizes. */
  total: number;
}

/** Sort and step layout from lengths alone. */
export function packLengths(lengths: ArrayLike<number>, maxT: number, what: string): PackedSequences {
  const rows = lengths.length;
  for (let r = 0; r < rows; r++) {
    const len = lengths[r];
    if (!(Number.isInteger(len) && len >= 0 && len <= maxT)) throw new Error(`${what}: length ${len} of row ${r} is outside [0, ${maxT}]`);
  }
  const order = Int32Array.from({ length: rows }, (_, r) => r).sort((a, b) => lengths[b] - lengths[a] || a - b);
  const rank = new Int32Array(rows);
  order.forEach((r, k) => (rank[r] = k));
  const steps = rows > 0 ? lengths[order[0]] : 0;
  const batchSizes: number[] = [];
  const offsets: number[] = [];
  let total = 0;
  for (let t = 0, n = rows; t < steps; t++) {
    while (n > 0 && lengths[order[n - 1]] <= t) n--;
    batchSizes.push(n);
    offsets.push(total);
    total += n;
  }
  return { rows, order, rank, batchSizes, offsets, total };
}

/**
 * Packs token ids [rows, maxT] (row-major, padded). With `reverse`, each row
 * is read from its own last real token backwards, as a backward LSTM must.
 */
export function packIds(
  ids: Int32Array,
  lengths: ArrayLike<number>,
  maxT: number,
  reverse: boolean,
  what: string,
): PackedSequences & { ids: Int32Array } {
  if (ids.length !== lengths.length * maxT) throw new Error(`${what}: ${ids.length} ids for ${lengths.length} rows of ${maxT}`);
  const p = packLengths(lengths, maxT, what);
  const out = new Int32Array(p.total);
  p.batchSizes.forEach((n, t) => {
    for (let k = 0; k < n; k++) {
      const r = p.order[k];
      const len = lengths[r];
      out[p.offsets[t] + k] = ids[r * maxT + (reverse ? len - 1 - t : t)];
    }
  });
  return { ...p, ids: out };
}

/** For packed data whose element (t, k) is item `source(row, t)` of some table: the table indices. */
export function packedIndex(p: PackedSequences, source: (row: number, t: number) => number): Int32Array {
  const out = new Int32Array(p.total);
  p.batchSizes.forEach((n, t) => {
    for (let k = 0; k < n; k++) out[p.offsets[t] + k] = source(p.order[k], t);
  });
  return out;
}
