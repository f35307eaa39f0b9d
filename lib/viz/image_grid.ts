/**
 * A PNG grid of images composed with sharp: one row per query, a caption
 * column on the left, then the row's images as square tiles with a caption
 * under each. A marked tile (the true match among retrieved images) gets a
 * thick green frame, the others a thin grey one.
 */
import sharp, { type OverlayOptions } from 'sharp';

export interface GridCell {
  /** An image file path, or encoded image bytes (JPEG, PNG, ...). */
  image: string | Uint8Array;
  /** Text under the tile (e.g. "#2 0.71"). */
  caption?: string;
  /** Whether to frame this tile as the correct one. */
  marked?: boolean;
}

export interface GridRow {
  /** Text in the left column (e.g. the query recipe's title). */
  label: string;
  cells: GridCell[];
}

export interface GridOptions {
  /** Side of a square tile in pixels (default 160). */
  tile?: number;
  /** Width of the label column in pixels (default 220). */
  labelWidth?: number;
  /** Height of the caption line under each tile (default 22). */
  captionHeight?: number;
  /** Gap between tiles (default 8). */
  gap?: number;
}

const MARK_COLOUR = '#1a9641';
const FRAME_COLOUR = '#bbbbbb';

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}

/** Greedy word wrap into lines of at most `maxChars`; past `maxLines` the last kept line ends with an ellipsis. */
export function wrapText(text: string, maxChars: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (const raw of text.split(/\s+/).filter((w) => w.length > 0)) {
    const word = raw.length > maxChars ? `${raw.slice(0, maxChars - 1)}…` : raw;
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= maxChars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  const keep = Math.max(1, maxLines);
  if (lines.length <= keep) return lines;
  const kept = lines.slice(0, keep);
  kept[keep - 1] = `${kept[keep - 1].slice(0, maxChars - 1)}…`;
  return kept;
}

function textSvg(lines: string[], width: number, height: number, fontSize: number): Buffer {
  const spans = lines
    .map((l, k) => `<text x="4" y="${(k + 1) * (fontSize + 3)}" font-family="DejaVu Sans, sans-serif" font-size="${fontSize}" fill="#222">${escapeXml(l)}</text>`)
    .join('');
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${spans}</svg>`);
}

async function tileImage(cell: GridCell, tile: number, where: string): Promise<Buffer> {
  const border = cell.marked ? 6 : 1;
  const inner = tile - 2 * border;
  let resized: Buffer;
  try {
    resized = await sharp(cell.image).resize(inner, inner, { fit: 'cover' }).removeAlpha().png().toBuffer();
  } catch (err) {
    const src = typeof cell.image === 'string' ? cell.image : `${cell.image.length} bytes`;
    throw new Error(`imageGrid: ${where}: cannot read image ${src}: ${(err as Error).message}`);
  }
  return sharp({ create: { width: tile, height: tile, channels: 3, background: cell.marked ? MARK_COLOUR : FRAME_COLOUR } })
    .composite([{ input: resized, left: border, top: border }])
    .png()
    .toBuffer();
}

/** The grid as PNG bytes. */
export async function imageGrid(rows: GridRow[], options: GridOptions = {}): Promise<Buffer> {
  const tile = options.tile ?? 160;
  const labelWidth = options.labelWidth ?? 220;
  const captionHeight = options.captionHeight ?? 22;
  const gap = options.gap ?? 8;
  if (rows.length === 0) throw new Error('imageGrid: no rows');
  const columns = Math.max(...rows.map((r) => r.cells.length));
  if (columns === 0) throw new Error('imageGrid: every row is empty');
  const rowHeight = tile + captionHeight + gap;
  const width = gap + labelWidth + columns * (tile + gap);
  const height = gap + rows.length * rowHeight;
  const layers: OverlayOptions[] = [];
  const charsPerLabelLine = Math.max(8, Math.floor(labelWidth / 8));
  const charsPerCaption = Math.max(6, Math.floor(tile / 7));
  for (const [r, row] of rows.entries()) {
    const top = gap + r * rowHeight;
    const labelLines = wrapText(row.label, charsPerLabelLine, Math.floor(tile / 17));
    layers.push({ input: textSvg(labelLines, labelWidth, tile, 13), left: gap, top });
    for (const [c, cell] of row.cells.entries()) {
      const left = gap + labelWidth + c * (tile + gap);
      layers.push({ input: await tileImage(cell, tile, `row ${r} cell ${c}`), left, top });
      if (cell.caption) {
        layers.push({ input: textSvg(wrapText(cell.caption, charsPerCaption, 1), tile, captionHeight, 12), left, top: top + tile });
      }
    }
  }
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png()
    .toBuffer();
}
