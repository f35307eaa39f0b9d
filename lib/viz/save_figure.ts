/**
 * A figure saved three times, side by side in `outDir`: a self-contained
 * HTML page (interactive, plotly inlined), an SVG (vector, for papers) and
 * a PNG at twice the layout's pixel size (for READMEs and slides, sharp on
 * high-density screens).
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic_write.js';
import type { Figure } from './figure.js';
import { writeHtmlPage } from './html.js';
import { sharedRenderer } from './png_renderer.js';

export interface SavedFigure {
  html: string;
  svg: string;
  png: string;
}

/** Image pixels per layout pixel of the saved PNGs. */
export const PNG_SCALE = 2;

/** The layout's title text, if it has one. */
export function figureTitle(fig: Figure): string | undefined {
  const t = fig.layout?.title;
  if (typeof t === 'string') return t;
  if (typeof t === 'object' && t !== null && typeof (t as { text?: unknown }).text === 'string') return (t as { text: string }).text;
  return undefined;
}

/** Writes `<outDir>/<name>.html`, `<name>.svg` and `<name>.png` (2× the layout size); returns their paths. */
export async function saveFigure(fig: Figure, outDir: string, name: string): Promise<SavedFigure> {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`saveFigure: name '${name}' must be a plain file stem (letters, digits, . _ -)`);
  const out = { html: join(outDir, `${name}.html`), svg: join(outDir, `${name}.svg`), png: join(outDir, `${name}.png`) };
  writeHtmlPage(out.html, figureTitle(fig) ?? name, [fig]);
  const renderer = await sharedRenderer();
  writeFileAtomic(out.svg, await renderer.renderSvg(fig));
  writeFileAtomic(out.png, await renderer.render(fig, PNG_SCALE));
  return out;
}

/** Writes an already encoded PNG (e.g. an image grid) as `<outDir>/<name>.png`. */
export function savePng(bytes: Uint8Array, outDir: string, name: string): string {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`savePng: name '${name}' must be a plain file stem (letters, digits, . _ -)`);
  const png = join(outDir, `${name}.png`);
  writeFileAtomic(png, bytes);
  return png;
}
