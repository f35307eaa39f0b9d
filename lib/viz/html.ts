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

/** Text made safe inside HTML elements and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** JSON that is safe inside a <script> element. */
function scriptJson(x: unknown): string {
  return JSON.stringify(x).replace(/</g, '\\u003c');
}

/** What a page may hold besides its figures; the HTML is the caller's (escape text with escapeHtml). */
export interface PageParts {
  /** HTML above the figures (controls, tables). */
  before?: string;
  /** HTML below the figures. */
  after?: string;
  /** Scripts run once the figures are drawn (inline: the page stays self-contained). */
  scripts?: readonly string[];
}

/** A plain HTML table; cells are text (escaped). */
export function htmlTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = (tag: string, r: readonly string[]) => `<tr>${r.map((c) => `<${tag}>${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<table>\n<thead>${cells('th', header)}</thead>\n<tbody>\n${rows.map((r) => cells('td', r)).join('\n')}\n</tbody>\n</table>`;
}

/** One page: a title, an optional paragraph, then the figures one under the other. */
export function htmlPage(title: string, figures: readonly Figure[], intro = '', parts: PageParts = {}): string {
  const divs = figures.map((_, i) => `<div id="fig${i}" class="fig"></div>`).join('\n');
  const calls = figures
    .map((f, i) => `Plotly.newPlot('fig${i}', ${scriptJson(f.data)}, ${scriptJson({ autosize: true, ...f.layout })}, {responsive: true});`)
    .join('\n');
  for (const script of parts.scripts ?? []) {
    if (/<\/script/i.test(script)) throw new Error('htmlPage: a script may not contain "</script"');
  }
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;margin:1em 2em}.fig{width:100%;max-width:1100px;height:420px}
.controls{margin:0.5em 0 1em}.controls input{vertical-align:middle;width:16em}.hint{color:#666;margin-left:1em}
table{border-collapse:collapse;margin:0.5em 0 1.5em}th,td{border:1px solid #ccc;padding:0.2em 0.6em;text-align:left}th{background:#f4f4f4}</style>
<script>${plotlyBundle()}</script></head>
<body><h1>${escapeHtml(title)}</h1>${intro ? `<p>${escapeHtml(intro)}</p>` : ''}
${parts.before ?? ''}
${divs}
${parts.after ?? ''}
<script>${calls}</script>
${(parts.scripts ?? []).map((s) => `<script>${s}</script>`).join('\n')}
</body></html>
`;
}

export function writeHtmlPage(file: string, title: string, figures: readonly Figure[], intro = '', parts: PageParts = {}): void {
  writeFileAtomic(file, htmlPage(title, figures, intro, parts));
}
