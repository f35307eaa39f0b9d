/**
 * A figure saved twice: a self-contained HTML page (interactive, plotly
 * inlined) and a PNG (for READMEs and reports), side by side in `outDir`.
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write.js';
import type { Figure } from './figure.js';
import { writeHtmlPage } from './html.js';
import { sharedRenderer } from './png_renderer.js';

export interface SavedFigure {
  html: string;
  png: string;
}

/** The layout's title text, if it has one. */
export function figureTitle(fig: Figure): string | undefined {
  const t = fig.layout?.title;
  if (typeof t === 'string') return t;
  if (typeof t === 'object' && t !== null && typeof (t as { text?: unknown }).text === 'string') return (t as { text: string }).text;
  return undefined;
}

/** Writes `<outDir>/<name>.html` and `<outDir>/<name>.png`; returns their paths. */
export async function saveFigure(fig: Figure, outDir: string, name: string): Promise<SavedFigure> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`saveFigure: name '${name}' must be a plain file stem (letters, digits, . _ -)`);
  const html = join(outDir, `${name}.html`);
  const png = join(outDir, `${name}.png`);
  writeHtmlPage(html, figureTitle(fig) ?? name, [fig]);
  const renderer = await sharedRenderer();
  writeFileAtomic(png, await renderer.render(fig));
  return { html, png };
}

/** Writes an already encoded PNG (e.g. an image grid) as `<outDir>/<name>.png`. */
export function savePng(bytes: Uint8Array, outDir: string, name: string): string {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`savePng: name '${name}' must be a plain file stem (letters, digits, . _ -)`);
  const png = join(outDir, `${name}.png`);
  writeFileAtomic(png, bytes);
  return png;
}
