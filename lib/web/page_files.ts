/**
 * The retrieval page: its markup, script and style sheet are the files of
 * page/ beside this module, read as they are when a server is built, so
 * what a browser runs is what the repository holds (no build step).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder of the page's files. */
export const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));

export interface PageFiles {
  /** Served as /. */
  html: string;
  /** Served as /app.js. */
  script: string;
  /** Served as /app.css. */
  css: string;
}

function pageFile(name: string): string {
  const file = PAGE_DIR + name;
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`the retrieval page's file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function readPage(): PageFiles {
  return { html: pageFile('index.html'), script: pageFile('page.js'), css: pageFile('page.css') };
}
