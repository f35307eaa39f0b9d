/**
 * A check of an LMDB data file (data.mdb) before it is memory-mapped. LMDB
 * trusts its meta pages: in a file cut short (a copy that stopped, a full
 * disk) they name pages past the end of the file, and touching the mapping
 * there kills the process with SIGBUS, with nothing printed. The two meta
 * pages open the file; each holds the page size and the last page in use,
 * and the one with the higher transaction id is current. The file must be
 * at least (last page + 1) × page size long.
 *
 * Meta page layout (64-bit builds): a page header (16 bytes in LMDB 0.9,
 * 24 in the 1.0 format lmdb-js builds), then magic u32, version u32,
 * address u64, map size u64, two database records of 48 bytes (the page
 * size is the first u32 of the first), last page u64, transaction id u64.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const MDB_MAGIC = 0xbeefc0de;
const HEADER_SIZES = [24, 16];
const META_BYTES = 24 + 136;

interface Meta {
  pageSize: number;
  lastPage: bigint;
  txnId: bigint;
}

function readMeta(page: Buffer): Meta | undefined {
  for (const h of HEADER_SIZES) {
    if (page.length < h + 136 || page.readUInt32LE(h) !== MDB_MAGIC) continue;
    return { pageSize: page.readUInt32LE(h + 24), lastPage: page.readBigUInt64LE(h + 120), txnId: page.readBigUInt64LE(h + 128) };
  }
  return undefined;
}

/** What is wrong with the LMDB data file `file` (too short for what its header says, no LMDB header), or undefined when it can be mapped. */
export function lmdbFileProblem(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    return `cannot be read (${(err as Error).message})`;
  }
  try {
    const size = fstatSync(fd).size;
    const read = (at: number): Buffer => {
      const b = Buffer.alloc(META_BYTES);
      return b.subarray(0, readSync(fd, b, 0, META_BYTES, at));
    };
    const first = readMeta(read(0));
    if (!first) return `is not an LMDB data file (${size} bytes, no LMDB header)`;
    const { pageSize } = first;
    if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return `has an LMDB header with an impossible page size (${pageSize})`;
    if (size < 2 * pageSize) return `is ${size} bytes, shorter than its two LMDB meta pages (${2 * pageSize} bytes): the file is truncated`;
    const second = readMeta(read(pageSize));
    const current = second && second.txnId > first.txnId ? second : first;
    const needed = (current.lastPage + 1n) * BigInt(pageSize);
    if (BigInt(size) < needed) {
      return `is ${size} bytes but its LMDB header says ${needed} (${current.lastPage + 1n} pages of ${pageSize}): the file is truncated`;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}
