/**
 * Plain-array helpers that turn a padded batch (row-major, [B, maxT]) into
 * the time-major ids and masks the LSTMs read. Trailing steps that are
 * padding for every row are dropped: the masks make them no-ops anyway.
 */

export interface TimeMajor {
  /** Steps kept: the longest real length. */
  steps: number;
  /** Rows (sequences). */
  rows: number;
  /** [steps * rows] ids, index t * rows + r; 0 on padding. */
  ids: Int32Array;
  /** [steps * rows], 1 on real steps. */
  mask: Float32Array;
}

/**
 * ids: [rows, maxT] row-major; lengths: [rows]. With `reverse`, each row is
 * read from its own last real token backwards (a backward LSTM must start
 * at the last real token, not at the padding).
 */
export function timeMajor(ids: Int32Array, lengths: ArrayLike<number>, maxT: number, reverse: boolean, what: string): TimeMajor {
  const rows = lengths.length;
  if (ids.length !== rows * maxT) throw new Error(`${what}: ${ids.length} ids for ${rows} rows of ${maxT}`);
  let steps = 0;
  for (let r = 0; r < rows; r++) {
    const len = lengths[r];
    if (!(len >= 0 && len <= maxT)) throw new Error(`${what}: length ${len} of row ${r} is outside [0, ${maxT}]`);
    steps = Math.max(steps, len);
  }
  const out = new Int32Array(steps * rows);
  const mask = new Float32Array(steps * rows);
  for (let r = 0; r < rows; r++) {
    const len = lengths[r];
    for (let t = 0; t < len; t++) {
      out[t * rows + r] = ids[r * maxT + (reverse ? len - 1 - t : t)];
      mask[t * rows + r] = 1;
    }
  }
  return { steps, rows, ids: out, mask };
}

/** The real sentences of a batch, packed: what the word-level LSTM reads. */
export interface PackedSentences {
  /** [n, maxWords] word ids of the n real sentences. */
  ids: Int32Array;
  /** [n] words per sentence. */
  lengths: Int32Array;
  /** [sentenceSteps * B]: 1 + packed row of sentence (t, b), or 0 for padding (a zero vector). */
  slot: Int32Array;
  /** The longest instruction list of the batch. */
  sentenceSteps: number;
  /** [sentenceSteps * B], 1 on real sentences. */
  mask: Float32Array;
}

export function packSentences(
  instructions: Int32Array,
  sentenceLengths: Int32Array,
  instructionLengths: Int32Array,
  maxSentences: number,
  maxWords: number,
): PackedSentences {
  const B = instructionLengths.length;
  let n = 0;
  let sentenceSteps = 0;
  for (let b = 0; b < B; b++) {
    const len = instructionLengths[b];
    if (!(len >= 0 && len <= maxSentences)) throw new Error(`instructionLengths[${b}] = ${len} is outside [0, ${maxSentences}]`);
    n += len;
    sentenceSteps = Math.max(sentenceSteps, len);
  }
  const ids = new Int32Array(n * maxWords);
  const lengths = new Int32Array(n);
  const slot = new Int32Array(sentenceSteps * B);
  const mask = new Float32Array(sentenceSteps * B);
  let k = 0;
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < instructionLengths[b]; s++) {
      const src = (b * maxSentences + s) * maxWords;
      ids.set(instructions.subarray(src, src + maxWords), k * maxWords);
      lengths[k] = sentenceLengths[b * maxSentences + s];
      slot[s * B + b] = k + 1;
      mask[s * B + b] = 1;
      k++;
    }
  }
  return { ids, lengths, slot, sentenceSteps, mask };
}
