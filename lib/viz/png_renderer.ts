/**
 * Renders plotly figures to PNG (at a chosen pixel scale) and SVG in one headless Debian Chromium page driven
 * by playwright-core (`npx playwright install` cannot download browsers
 * here). Launching costs about 3 s, each later figure about 0.1 s, so one
 * renderer serves many figures; `closeSharedRenderer()` ends it.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { figureSize, type Figure } from './figure.js';
import { plotlyBundlePath } from './plotly_source.js';

/** Chromium flags for a sandbox-less, offline, GPU-less machine. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
] as const;

/** RECIPE1M_CHROMIUM overrides the browser binary. */
export function chromiumPath(): string {
  return process.env.RECIPE1M_CHROMIUM || '/usr/bin/chromium';
}

export class PngRenderer {
  private constructor(
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async launch(executablePath: string = chromiumPath()): Promise<PngRenderer> {
    if (!existsSync(executablePath)) {
      throw new Error(`PNG rendering needs Chromium at ${executablePath} (apt-get install chromium, or set RECIPE1M_CHROMIUM)`);
    }
    const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      await page.addScriptTag({ path: plotlyBundlePath() });
      return new PngRenderer(browser, page);
    } catch (err) {
      await browser.close();
      throw err;
    }
  }

  /**
   * The figure as PNG bytes: its layout size (or the default) in CSS pixels,
   * times `scale` in image pixels (2: sharp on high-density screens and in print).
   */
  async render(fig: Figure, scale = 1): Promise<Buffer> {
    const dataUrl = await this.image(fig, 'png', scale);
    const prefix = 'data:image/png;base64,';
    if (!dataUrl.startsWith(prefix)) throw new Error(`plotly returned no PNG (got '${dataUrl.slice(0, 40)}...')`);
    return Buffer.from(dataUrl.slice(prefix.length), 'base64');
  }

  /** The figure as an SVG document (vector: text and lines stay sharp at any size). */
  async renderSvg(fig: Figure): Promise<string> {
    const dataUrl = await this.image(fig, 'svg', 1);
    const base64 = 'data:image/svg+xml;base64,';
    const plain = 'data:image/svg+xml,';
    if (dataUrl.startsWith(base64)) return Buffer.from(dataUrl.slice(base64.length), 'base64').toString('utf8');
    if (dataUrl.startsWith(plain)) return decodeURIComponent(dataUrl.slice(plain.length));
    throw new Error(`plotly returned no SVG (got '${dataUrl.slice(0, 40)}...')`);
  }

  private async image(fig: Figure, format: 'png' | 'svg', scale: number): Promise<string> {
    if (!(scale > 0)) throw new Error(`PngRenderer: scale must be positive, got ${scale}`);
    const size = figureSize(fig);
    return this.page.evaluate(
      async ({ fig, size, format, scale }) => {
        // Runs in the page, where plotly.min.js defined the global Plotly. The
        // DOM is typed locally: the tslab kernel compiles without the DOM lib.
        const { Plotly: P, document: doc } = globalThis as unknown as PageGlobals;
        const div = doc.createElement('div');
        doc.body.appendChild(div);
        try {
          await P.newPlot(div, fig.data, { ...fig.layout, ...size }, { staticPlot: true });
          return await P.toImage(div, { format, ...size, scale });
        } finally {
          P.purge(div);
          div.remove();
        }
      },
      { fig, size, format, scale },
    );
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

interface PageElement {
  appendChild(child: PageElement): void;
  remove(): void;
}

interface PageGlobals {
  document: { createElement(tag: string): PageElement; body: PageElement };
  Plotly: {
    newPlot(div: PageElement, data: unknown, layout: unknown, config: unknown): Promise<unknown>;
    toImage(div: PageElement, opts: { format: string; width: number; height: number; scale: number }): Promise<string>;
    purge(div: PageElement): void;
  };
}

let shared: Promise<PngRenderer> | undefined;

/** One renderer per process, launched on first use. */
export function sharedRenderer(): Promise<PngRenderer> {
  if (!shared) {
    shared = PngRenderer.launch();
    // A failed launch must not be cached: the next call retries.
    shared.catch(() => (shared = undefined));
  }
  return shared;
}

/** Closes the shared renderer if one was launched (call at the end of a notebook or script). */
export async function closeSharedRenderer(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current) await (await current).close();
}
