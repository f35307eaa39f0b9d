/**
 * Self-contained HTML pages of plotly figures: the plotly.js bundle is
 * inlined, so a page opens offline, from any folder, years later.
 */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../util/atomic_write.js';
import type { Figure } from './figure.js';
import { plotlyBundlePath } from './plotly_source.js';

let bundle: string | undefined;

function plotlyBundle(): string {
  bundle ??= readFileSync(plotlyBundlePath(), 'utf8');
  return bundle;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** JSON that is safe inside a <script> element. */
function scriptJson(x: unknown): string {
  return JSON.stringify(x).replace(/</g, '\\u003c');
}

/** One page: a title, an optional paragraph, then the figures one under the other. */
export function htmlPage(title: string, figures: readonly Figure[], intro = ''): string {
  const divs = figures.map((_, i) => `<div id="fig${i}" class="fig"></div>`).join('\n');
  const calls = figures
    .map((f, i) => `Plotly.newPlot('fig${i}', ${scriptJson(f.data)}, ${scriptJson({ autosize: true, ...f.layout })}, {responsive: true});`)
    .join('\n');
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;margin:1em 2em}.fig{width:100%;max-width:1100px;height:420px}</style>
<script>${plotlyBundle()}</script></head>
<body><h1>${escapeHtml(title)}</h1>${intro ? `<p>${escapeHtml(intro)}</p>` : ''}
${divs}
<script>${calls}</script>
</body></html>
`;
}

export function writeHtmlPage(file: string, title: string, figures: readonly Figure[], intro = ''): void {
  writeFileAtomic(file, htmlPage(title, figures, intro));
}
