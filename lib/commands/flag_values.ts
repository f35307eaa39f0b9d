/**
 * The values of the search and serve commands' own flags, checked: a port,
 * an upload size and a split, each refused with the flag's name when it is
 * not one.
 */
import { SPLITS } from '../data/types.js';
import type { SearchSplit } from '../retrieval/session.js';

/** `--port`: decimal digits from 0 to 65535 (Number() would take '0x1F90' for 8080); default 8080. */
export function parsePort(raw: string | undefined): number {
  if (raw === undefined) return 8080;
  const n = /^[0-9]+$/u.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n > 65535) throw new Error(`--port must be an integer from 0 to 65535 in decimal digits, got '${raw}'`);
  return n;
}

/** `--max-upload-mb`: a decimal number above 0 and at most 1000; default 10. */
export function parseUploadMb(raw: string | undefined): number {
  if (raw === undefined) return 10;
  const n = /^[0-9]+(\.[0-9]+)?$/u.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n <= 0 || n > 1000) throw new Error(`--max-upload-mb must be a decimal number above 0 and at most 1000, got '${raw}'`);
  return n;
}

/** `--split`: a split name or 'all' (`fallback` when absent). */
export function parseSplit(raw: string | undefined, fallback: SearchSplit = 'test'): SearchSplit {
  if (raw === undefined) return fallback;
  if (raw !== 'all' && !(SPLITS as readonly string[]).includes(raw)) throw new Error(`--split must be all or one of ${SPLITS.join(', ')}, got '${raw}'`);
  return raw as SearchSplit;
}
