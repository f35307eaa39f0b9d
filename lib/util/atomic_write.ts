/**
 * Atomic, durable file writes. A file is written to a temporary sibling,
 * flushed to disk (fsync), renamed over the target, and the folder is then
 * flushed too, so that after a crash or a power loss a reader finds the old
 * file or the new one, never half of one, and a rename that returned is not
 * undone. Everything the engine writes into an experiment folder goes
 * through a `FileOps` (the durable one by default) so that tests can inject
 * a crash at any write boundary; other writers use `writeFileAtomic`.
 */
import { appendFileSync, closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** The file operations of a writer: each either completes durably or throws. */
export interface FileOps {
  /** Replaces `path` with `data` atomically and durably (creating its folder if needed). */
  write(path: string, data: string | Uint8Array): void;
  /** Renames `from` to `to` (same folder) and flushes the folder. */
  rename(from: string, to: string): void;
  /** Removes a file or folder (recursively); absent is fine. */
  remove(path: string): void;
  /** Appends to a transcript (logs.txt); neither atomic nor flushed. */
  append(path: string, text: string): void;
  /** Creates a folder and its parents. */
  mkdir(path: string): void;
}

let counter = 0;

/** Flushes a folder's entries (the renames and creations in it) to disk. */
export function fsyncDir(dir: string): void {
  // Windows cannot open a folder for fsync; its renames are flushed by the file system.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Creates a folder and its parents, flushing the entry of the first one created into its parent. */
function mkdirDurably(path: string): void {
  const created = mkdirSync(path, { recursive: true });
  if (created !== undefined) fsyncDir(dirname(created));
}

function writeDurably(path: string, data: string | Uint8Array): void {
  const dir = dirname(path);
  mkdirDurably(dir);
  const tmp = `${path}.tmp-${process.pid}-${counter++}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  fsyncDir(dir);
}

/** The real file system, with fsync of the file before its rename and of the folder after. */
export const durableFileOps: FileOps = {
  write: writeDurably,
  rename(from, to) {
    renameSync(from, to);
    fsyncDir(dirname(to));
  },
  remove(path) {
    rmSync(path, { recursive: true, force: true });
  },
  append(path, text) {
    appendFileSync(path, text);
  },
  mkdir: mkdirDurably,
};

/** Writes `data` to `path` atomically and durably (temporary sibling, fsync, rename, fsync of the folder). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeDurably(path, data);
}
