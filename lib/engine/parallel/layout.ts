/**
 * The flat layout of a model's variables in shared memory: every variable
 * (in checkpoint order) at an offset of one float32 vector, and the
 * contiguous range of that vector each replica owns when gradients are
 * summed and the optimizer is applied.
 */

export interface Slot {
  /** Checkpoint name. */
  name: string;
  shape: number[];
  size: number;
  offset: number;
}

export interface FlatLayout {
  slots: Slot[];
  byName: Map<string, Slot>;
  total: number;
}

export function flatLayout(variables: Iterable<[string, { shape: number[] }]>): FlatLayout {
  const slots: Slot[] = [];
  let offset = 0;
  for (const [name, v] of variables) {
    const size = v.shape.reduce((p, d) => p * d, 1);
    slots.push({ name, shape: [...v.shape], size, offset });
    offset += size;
  }
  return { slots, byName: new Map(slots.map((s) => [s.name, s])), total: offset };
}

/** Range boundaries are multiples of this many floats (whole cache lines, whole SIMD vectors). */
const ALIGN = 16;

/** The range [from, to) of the flat vector that replica `rank` of `replicas` owns: equal parts, in order. */
export function ownedRange(total: number, replicas: number, rank: number): [number, number] {
  const edge = (k: number): number => (k >= replicas ? total : Math.min(total, Math.round((total * k) / replicas / ALIGN) * ALIGN));
  return [edge(rank), edge(rank + 1)];
}

/** The pieces of the variables inside [from, to): slot index and the global offsets [start, end). */
export function segments(layout: FlatLayout, from: number, to: number): { slot: number; start: number; end: number }[] {
  const out: { slot: number; start: number; end: number }[] = [];
  layout.slots.forEach((s, i) => {
    const start = Math.max(from, s.offset);
    const end = Math.min(to, s.offset + s.size);
    if (start < end) out.push({ slot: i, start, end });
  });
  return out;
}
