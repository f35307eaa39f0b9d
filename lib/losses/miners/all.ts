/** `miner: all`: every candidate triplet, the method's choice. */
import type { Miner } from './miner.js';

export const all: Miner = (candidates) => candidates;
